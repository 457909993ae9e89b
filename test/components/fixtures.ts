import { render, type TemplateResult } from 'lit';
import { Observable, Subject } from 'rxjs';
import type { AtelierApi, RequestOptions } from '../../components/api/api.js';
import type {
  CatalogEntry,
  CatalogSummary,
  ConfigurationChange,
  DryRunResult,
  LaunchRequest,
  NewConfiguration,
  SavedConfiguration,
  PublicConfig,
  Service,
  ServiceEvent,
  User,
} from '../../components/api/types.js';
import type { Identity } from '../../components/internal/identity.js';
import { provideAtelier } from '../../components/internal/provide.js';
import type { FilesApi } from '../../components/api/files-api.js';
import type { ServicesApi } from '../../components/api/services-api.js';
import { EmptyFilesApi } from './files-fixtures.js';

export const testConfig: PublicConfig = {
  name: 'Test Datalab',
  mode: 'embedded',
  languages: ['en', 'fr'],
  defaultTheme: 'light',
  logo: null,
  publicCatalogs: true,
  auth: {
    issuer: 'http://issuer.test',
    clientId: 'atelier',
    scope: 'openid atelier',
    redirectUri: 'http://atelier.test/auth/callback',
    resource: 'urn:atelier:api',
  },
};

export const alice: User = { username: 'alice', name: 'Alice Martin', email: 'alice@example.org', groups: ['staff'] };

/** An identity whose state the test controls; a new object on every change, like the real one. */
export class FakeIdentity {
  signInCalls = 0;
  signOutCalls = 0;
  /** What signIn does; by default: signs in as alice. */
  onSignIn: () => Promise<void> = async () => this.setUser(alice);
  #value: Identity;
  readonly #listeners = new Set<(identity: Identity) => void>();

  constructor(user: User | null = null) {
    this.#value = this.#snapshot(user);
  }

  get value(): Identity {
    return this.#value;
  }

  setUser(user: User | null): void {
    this.#value = this.#snapshot(user);
    for (const listener of this.#listeners) listener(this.#value);
  }

  subscribe(listener: (identity: Identity) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #snapshot(user: User | null): Identity {
    return {
      user,
      signingIn: false,
      signIn: () => {
        this.signInCalls += 1;
        return this.onSignIn();
      },
      signOut: () => {
        this.signOutCalls += 1;
        this.setUser(null);
      },
      getToken: async () => (this.#value.user ? 'fake-token' : null),
    };
  }
}

export interface Call {
  method: string;
  args: unknown[];
}

export function makeService(overrides: Partial<Service> = {}): Service {
  return {
    id: 'svc-1',
    name: 'My notebook',
    catalog: 'local',
    service: 'jupyter',
    owner: 'alice',
    status: 'running',
    reason: null,
    urls: [{ port: 8888, name: 'Notebook', url: 'http://jupyter-1-8888.localhost:8081/' }],
    createdAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    progress: { phase: 'ready', message: 'Ready', percent: 100 },
    values: {},
    icon: null,
    resources: { cpu: null, memory: null, gpu: 0 },
    suspendable: false,
    reasonCode: null,
    startedAt: null,
    lastActivityAt: null,
    ...overrides,
  };
}

/** A fake API client: records every call, answers with the data the test gave it. */
export class FakeApi implements AtelierApi {
  readonly base = 'http://atelier.test';
  readonly calls: Call[] = [];
  catalogs: CatalogSummary[] | (() => Promise<CatalogSummary[]>) = [];
  entries: Record<string, CatalogEntry> = {};
  launchResult: (request: LaunchRequest) => Promise<Service> = async (request) =>
    makeService({ id: 'svc-new', name: request.name ?? 'New service', catalog: request.catalog, service: request.service, status: 'starting' });
  openResult: (id: string, port?: number) => Promise<{ url: string }> = async () => ({ url: 'http://proxy.test/ticket' });
  checkResult: (request: LaunchRequest) => Promise<DryRunResult> = async (request) => ({
    catalog: request.catalog,
    service: request.service,
    name: request.name ?? 'New service',
    values: request.values ?? {},
  });
  /** The saved configurations, as the BFF would keep them. */
  configurations: SavedConfiguration[] = [];
  deleteResult: (id: string) => Promise<void> = async () => undefined;
  /** The events stream: push into it. */
  readonly events = new Subject<ServiceEvent>();
  /** How many subscriptions to `serviceEvents` are open now. */
  subscribers = 0;
  /** The files part: an empty space by default; files tests give a real one (files-fixtures.ts). */
  files: FilesApi = new EmptyFilesApi();
  /** The services part (services-fixtures.ts); none by default: cards offer only Open, Share and Delete. */
  services?: ServicesApi;

  callsTo(method: string): Call[] {
    return this.calls.filter((call) => call.method === method);
  }

  resolve(url: string): string {
    return new URL(url, `${this.base}/`).href;
  }

  async getConfig(options?: RequestOptions): Promise<PublicConfig> {
    this.calls.push({ method: 'getConfig', args: [options] });
    return testConfig;
  }

  async listCatalogs(options?: RequestOptions): Promise<CatalogSummary[]> {
    this.calls.push({ method: 'listCatalogs', args: [options] });
    return typeof this.catalogs === 'function' ? this.catalogs() : structuredClone(this.catalogs);
  }

  async getCatalogEntry(catalog: string, service: string, options?: RequestOptions): Promise<CatalogEntry> {
    this.calls.push({ method: 'getCatalogEntry', args: [catalog, service, options] });
    const entry = this.entries[`${catalog}/${service}`];
    if (!entry) throw new Error(`no entry ${catalog}/${service}`);
    return structuredClone(entry);
  }

  async launch(request: LaunchRequest): Promise<Service> {
    this.calls.push({ method: 'launch', args: [request] });
    return this.launchResult(request);
  }

  async checkLaunch(request: LaunchRequest): Promise<DryRunResult> {
    this.calls.push({ method: 'checkLaunch', args: [request] });
    return this.checkResult(request);
  }

  async listConfigurations(): Promise<SavedConfiguration[]> {
    this.calls.push({ method: 'listConfigurations', args: [] });
    return structuredClone(this.configurations);
  }

  async saveConfiguration(input: NewConfiguration): Promise<SavedConfiguration> {
    this.calls.push({ method: 'saveConfiguration', args: [input] });
    const now = new Date().toISOString();
    const saved = { version: null, friendlyName: '', ...input, id: `cfg-${this.configurations.length + 1}`, createdAt: now, updatedAt: now };
    this.configurations.push(saved);
    return structuredClone(saved);
  }

  async changeConfiguration(id: string, change: ConfigurationChange): Promise<SavedConfiguration> {
    this.calls.push({ method: 'changeConfiguration', args: [id, change] });
    const index = this.configurations.findIndex((item) => item.id === id);
    this.configurations[index] = { ...this.configurations[index]!, ...change };
    return structuredClone(this.configurations[index]!);
  }

  async reorderConfigurations(ids: string[]): Promise<SavedConfiguration[]> {
    this.calls.push({ method: 'reorderConfigurations', args: [ids] });
    const first = ids.map((id) => this.configurations.find((item) => item.id === id)!);
    this.configurations = [...first, ...this.configurations.filter((item) => !ids.includes(item.id))];
    return structuredClone(this.configurations);
  }

  async deleteConfiguration(id: string): Promise<void> {
    this.calls.push({ method: 'deleteConfiguration', args: [id] });
    this.configurations = this.configurations.filter((item) => item.id !== id);
  }

  async listServices(): Promise<Service[]> {
    this.calls.push({ method: 'listServices', args: [] });
    return [];
  }

  async getService(id: string): Promise<Service> {
    this.calls.push({ method: 'getService', args: [id] });
    return makeService({ id });
  }

  async deleteService(id: string): Promise<void> {
    this.calls.push({ method: 'deleteService', args: [id] });
    return this.deleteResult(id);
  }

  async openService(id: string, port?: number): Promise<{ url: string }> {
    this.calls.push({ method: 'openService', args: [id, port] });
    return this.openResult(id, port);
  }

  serviceEvents(id?: string): Observable<ServiceEvent> {
    this.calls.push({ method: 'serviceEvents', args: [id] });
    return new Observable<ServiceEvent>((subscriber) => {
      this.subscribers += 1;
      const subscription = this.events.subscribe(subscriber);
      return () => {
        this.subscribers -= 1;
        subscription.unsubscribe();
      };
    });
  }
}

export interface MountOptions {
  /** A fake by default; tests against the real BFF give an `HttpAtelierApi`. */
  api?: AtelierApi;
  identity?: FakeIdentity;
  config?: PublicConfig | undefined;
  /** The `lang` of the wrapper (the element's closest ancestor). */
  lang?: string;
}

const mounted: HTMLElement[] = [];

/**
 * Renders `template` inside a wrapper that provides the three contexts (a fake API, a
 * fake identity, a config), and waits for the first element's first update.
 */
export async function mount<T extends HTMLElement>(template: TemplateResult, options: MountOptions = {}): Promise<T> {
  const identity = options.identity ?? new FakeIdentity();
  const wrapper = document.createElement('div');
  if (options.lang) wrapper.lang = options.lang;
  const providers = provideAtelier(wrapper, {
    api: options.api ?? new FakeApi(),
    config: 'config' in options ? options.config : testConfig,
    identity: identity.value,
  });
  identity.subscribe((value) => providers.set({ identity: value }));
  document.body.append(wrapper);
  mounted.push(wrapper);
  render(template, wrapper);
  const element = wrapper.firstElementChild as T & { updateComplete?: Promise<unknown> };
  await element.updateComplete;
  return element;
}

afterEach(() => {
  for (const wrapper of mounted.splice(0)) wrapper.remove();
});

/** Waits until the element and everything it is waiting on has settled. */
export async function settle(element: HTMLElement & { updateComplete?: Promise<unknown> }): Promise<void> {
  for (let i = 0; i < 3; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await element.updateComplete;
  }
}

/** The text a user would see: shadow roots and slots followed, hidden parts and styles left out. */
export function visibleText(node: Node): string {
  return collect(node).replace(/\s+/g, ' ').trim();
}

function collect(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  if (!(node instanceof Element || node instanceof ShadowRoot || node instanceof DocumentFragment)) return '';
  if (node instanceof Element) {
    if (node.hasAttribute('hidden') || ['STYLE', 'SCRIPT', 'TEMPLATE'].includes(node.tagName)) return '';
    if (node instanceof HTMLDialogElement && !node.open) return '';
    if (node instanceof HTMLSlotElement) {
      const assigned = node.assignedNodes({ flatten: true });
      return (assigned.length > 0 ? assigned : [...node.childNodes]).map(collect).join(' ');
    }
    if (node.shadowRoot) return collect(node.shadowRoot);
  }
  return [...node.childNodes].map(collect).join(' ');
}

/** `querySelector` through shadow roots: each selector applies in the previous match's shadow root. */
export function deep<T extends Element = HTMLElement>(root: Element, ...selectors: string[]): T | null {
  let current: Element | null = root;
  for (const selector of selectors) {
    current = current?.shadowRoot?.querySelector(selector) ?? null;
    if (!current) return null;
  }
  return current as T | null;
}

export function deepAll<T extends Element = HTMLElement>(root: Element, selector: string): T[] {
  return [...(root.shadowRoot?.querySelectorAll<T>(selector) ?? [])];
}

/** Sample data. */
export const sampleCatalogs: CatalogSummary[] = [
  {
    id: 'local',
    name: 'On this machine',
    description: 'Services that run on the Atelier server.',
    services: [
      {
        id: 'jupyter',
        name: 'Jupyter Notebook',
        description: 'Python notebooks in your browser.',
        icon: '/api/catalogs/local/services/jupyter/icon',
        category: 'ide',
        version: '6.4',
        unavailable: null,
      },
      {
        id: 'rstudio',
        name: 'RStudio',
        description: 'R in your browser.',
        icon: null,
        category: 'ide',
        version: '2024.12',
        unavailable: { reason: 'RStudio is not installed on this server.', hint: 'An administrator can install it.' },
      },
    ],
  },
];

export const sampleEntry: CatalogEntry = {
  ...sampleCatalogs[0]!.services[0]!,
  catalog: 'local',
  schema: {
    type: 'object',
    properties: {
      folder: {
        type: 'string',
        title: 'Folder',
        description: 'The folder the notebook starts in.',
        default: '',
        pattern: '^(?!/)(?!.*(^|/)\\.\\.?(/|$))[A-Za-z0-9 ._/-]{0,200}$',
      },
      resources: {
        type: 'object',
        title: 'Resources',
        properties: {
          cpu: { type: 'integer', title: 'CPU', minimum: 1, maximum: 8, default: 1 },
          memory: { type: 'string', title: 'Memory', enum: ['1Gi', '2Gi', '4Gi'], default: '2Gi' },
        },
      },
      gpu: { type: 'boolean', title: 'GPU', default: false },
    },
  },
  defaults: { folder: '', resources: { cpu: 1, memory: '2Gi' }, gpu: false },
};
