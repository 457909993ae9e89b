import { Observable } from 'rxjs';
import type { AtelierApi, RequestOptions } from '../components/api/api.js';
import { ApiRequestError } from '../components/api/errors.js';
import type { FilesApi } from '../components/api/files-api.js';
import type { FileEntry, FileListing, FilePreview, FileSpace, SignedLink } from '../components/api/file-types.js';
import type {
  CatalogEntry,
  CatalogSummary,
  ConfigurationChange,
  DryRunResult,
  LaunchRequest,
  NewConfiguration,
  PublicConfig,
  SavedConfiguration,
  Service,
  ServiceEvent,
} from '../components/api/types.js';
import { demoConfig } from './sample-data.js';

/**
 * What a part of the fake API answers: data; `'loading'` (a request that never ends, until
 * it is aborted); or `'error'` (a 500 with a readable message).
 */
export type Answer<T> = T | 'loading' | 'error';

/** The state of the fake datalab behind a story. */
export interface Scenario {
  config?: PublicConfig;
  catalogs?: Answer<CatalogSummary[]>;
  /** Catalog entries by `catalog/service` (the launcher's schema and defaults). */
  entries?: Answer<Record<string, CatalogEntry>>;
  services?: Answer<Service[]>;
  /** Folder listings by path ('' is the root). */
  files?: Answer<Record<string, FileListing>>;
  configurations?: SavedConfiguration[];
  /** What launching does: by default a service that starts, then runs 1.5 s later. */
  launch?: 'loading' | 'error';
}

const serverError = () => new ApiRequestError(500, { code: 'internal', message: 'The demo server is down (a simulated failure).' });

/** Resolves with the answer, rejects with a server error, or waits until aborted. */
function answer<T>(value: Answer<T> | undefined, fallback: T, signal?: AbortSignal): Promise<T> {
  if (value === 'error') return Promise.reject(serverError());
  if (value === 'loading') {
    return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));
  }
  return Promise.resolve(structuredClone(value ?? fallback));
}

/**
 * An in-memory Atelier: the same interface as the HTTP client (components/api/api.ts),
 * answering from a `Scenario`. Used by the stories and by the accessibility tests.
 * Launching adds a service that starts, then runs a moment later.
 */
export class FakeAtelierApi implements AtelierApi {
  readonly base = 'https://datalab.example';
  readonly files: FilesApi;
  readonly #scenario: Scenario;
  #services: Service[];
  #configurations: SavedConfiguration[];
  readonly #listeners = new Set<(event: ServiceEvent) => void>();

  constructor(scenario: Scenario = {}) {
    this.#scenario = scenario;
    this.#services = Array.isArray(scenario.services) ? structuredClone(scenario.services) : [];
    this.#configurations = structuredClone(scenario.configurations ?? []);
    this.files = new FakeFilesApi(scenario.files);
  }

  resolve(url: string): string {
    return url.startsWith('data:') ? url : new URL(url, `${this.base}/`).href;
  }

  getConfig(options?: RequestOptions): Promise<PublicConfig> {
    return answer(this.#scenario.config, demoConfig, options?.signal);
  }

  listCatalogs(options?: RequestOptions): Promise<CatalogSummary[]> {
    return answer(this.#scenario.catalogs, [], options?.signal);
  }

  async getCatalogEntry(catalog: string, service: string, options?: RequestOptions): Promise<CatalogEntry> {
    const entries = await answer(this.#scenario.entries, {}, options?.signal);
    const entry = entries[`${catalog}/${service}`];
    if (!entry) throw new ApiRequestError(404, { code: 'not_found', message: `No service ${service} in catalog ${catalog}.` });
    return entry;
  }

  async launch(request: LaunchRequest, options?: RequestOptions): Promise<Service> {
    if (this.#scenario.launch) return answer(this.#scenario.launch, undefined as never, options?.signal);
    const service = this.#newService(request);
    this.#services = [...this.#services, service];
    this.#emit({ type: 'service', service });
    setTimeout(() => this.#update(service.id, { status: 'running', progress: { phase: 'ready', message: 'Ready', percent: 100 } }), 1500);
    return structuredClone(service);
  }

  async checkLaunch(request: LaunchRequest): Promise<DryRunResult> {
    return { catalog: request.catalog, service: request.service, name: request.name ?? request.service, values: request.values ?? {} };
  }

  async listConfigurations(): Promise<SavedConfiguration[]> {
    return structuredClone(this.#configurations);
  }

  async saveConfiguration(input: NewConfiguration): Promise<SavedConfiguration> {
    const now = new Date().toISOString();
    const saved = { version: null, friendlyName: '', ...input, id: `cfg-${Date.now()}`, createdAt: now, updatedAt: now };
    this.#configurations = [...this.#configurations, saved];
    return structuredClone(saved);
  }

  async changeConfiguration(id: string, change: ConfigurationChange): Promise<SavedConfiguration> {
    this.#configurations = this.#configurations.map((item) => (item.id === id ? { ...item, ...change, updatedAt: new Date().toISOString() } : item));
    return structuredClone(this.#configurations.find((item) => item.id === id)!);
  }

  async reorderConfigurations(ids: string[]): Promise<SavedConfiguration[]> {
    const first = ids.flatMap((id) => this.#configurations.filter((item) => item.id === id));
    this.#configurations = [...first, ...this.#configurations.filter((item) => !ids.includes(item.id))];
    return structuredClone(this.#configurations);
  }

  async deleteConfiguration(id: string): Promise<void> {
    this.#configurations = this.#configurations.filter((item) => item.id !== id);
  }

  listServices(options?: RequestOptions): Promise<Service[]> {
    return this.#scenario.services === 'loading' || this.#scenario.services === 'error'
      ? answer(this.#scenario.services, [], options?.signal)
      : Promise.resolve(structuredClone(this.#services));
  }

  async getService(id: string): Promise<Service> {
    const service = this.#services.find((item) => item.id === id);
    if (!service) throw new ApiRequestError(404, { code: 'not_found', message: `No service ${id}.` });
    return structuredClone(service);
  }

  async deleteService(id: string): Promise<void> {
    this.#services = this.#services.filter((item) => item.id !== id);
    this.#emit({ type: 'deleted', id });
  }

  async openService(id: string): Promise<{ url: string }> {
    return { url: `data:text/html,${encodeURIComponent(`<p>The demo service ${id} would open here.</p>`)}` };
  }

  /** A snapshot, then changes; `'loading'` never sends one, `'error'` fails at once. */
  serviceEvents(id?: string): Observable<ServiceEvent> {
    return new Observable<ServiceEvent>((subscriber) => {
      if (this.#scenario.services === 'error') return subscriber.error(serverError());
      if (this.#scenario.services === 'loading') return undefined;
      const mine = (service: Service) => !id || service.id === id;
      subscriber.next({ type: 'snapshot', services: structuredClone(this.#services.filter(mine)) });
      const listener = (event: ServiceEvent) => {
        if (event.type === 'deleted' ? !id || event.id === id : event.type === 'service' && mine(event.service)) subscriber.next(structuredClone(event));
      };
      this.#listeners.add(listener);
      return () => this.#listeners.delete(listener);
    });
  }

  #emit(event: ServiceEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  #update(id: string, change: Partial<Service>): void {
    const service = this.#services.find((item) => item.id === id);
    if (!service) return;
    Object.assign(service, change);
    this.#emit({ type: 'service', service });
  }

  #newService(request: LaunchRequest): Service {
    const id = `${request.service}-${Math.random().toString(36).slice(2, 7)}`;
    return {
      id,
      name: request.name || request.service,
      catalog: request.catalog,
      service: request.service,
      owner: 'ada',
      status: 'starting',
      reason: null,
      reasonCode: null,
      urls: [{ port: 8888, name: 'Web', url: `https://${id}-8888.datalab.example/` }],
      createdAt: new Date().toISOString(),
      startedAt: null,
      lastActivityAt: null,
      progress: { phase: 'starting', message: 'Starting', percent: 40 },
      values: request.values ?? {},
      icon: null,
      resources: { cpu: 1000, memory: 2 ** 31, gpu: 0 },
      suspendable: false,
    };
  }
}

/** The files part: folders from the scenario; changes are refused with a readable error. */
class FakeFilesApi implements FilesApi {
  constructor(private readonly folders: Answer<Record<string, FileListing>> | undefined) {}

  readonly #readOnly = () => Promise.reject(new ApiRequestError(403, { code: 'read_only', message: 'The demo files are read-only.' }));

  space(options?: { signal?: AbortSignal }): Promise<FileSpace> {
    const space = { bucket: 'user-ada', prefix: '', uri: 's3://user-ada/', endpoint: 'https://s3.datalab.example', region: 'us-east-1' };
    return this.folders === 'loading' || this.folders === 'error' ? answer(this.folders, space, options?.signal) : Promise.resolve(space);
  }

  async list(path: string, options?: { signal?: AbortSignal }): Promise<FileListing> {
    const folders = await answer(this.folders, {}, options?.signal);
    return folders[path] ?? { path, folders: [], files: [], cursor: null };
  }

  async preview(path: string): Promise<FilePreview> {
    const file = await this.#find(path);
    return { kind: 'text', text: `A preview of ${file.name}.`, truncated: false, size: file.size, contentType: 'text/plain' };
  }

  async downloadLink(path: string): Promise<SignedLink> {
    await this.#find(path);
    return { url: `data:text/plain,${encodeURIComponent(path)}`, expiresAt: new Date(Date.now() + 3_600_000).toISOString() };
  }

  shareLink(path: string): Promise<SignedLink> {
    return this.downloadLink(path);
  }

  startUpload = this.#readOnly;
  signParts = this.#readOnly;
  completeUpload = this.#readOnly;
  abortUpload = this.#readOnly;
  createFolder = this.#readOnly;
  delete = this.#readOnly;
  move = this.#readOnly;

  async #find(path: string): Promise<FileEntry> {
    const folders = await answer(this.folders, {}, undefined);
    const file = Object.values(folders).flatMap((listing) => listing.files).find((entry) => entry.path === path);
    if (!file) throw new ApiRequestError(404, { code: 'not_found', message: `No file ${path}.` });
    return file;
  }
}
