import { Task, TaskStatus, initialState } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiRequestError } from '../api/errors.js';
import type { CatalogEntry, ContextSeed, JsonSchema, LaunchContext, LaunchRequest, SavedConfiguration } from '../api/types.js';
import { AtelierElement } from '../internal/atelier-element.js';
import type { Messages } from '../internal/localize.js';
import { baseStyles } from '../internal/styles.js';
import type { LaunchLink } from '../schema/launch-link.js';
import { SavedConfigurationsController, type ConfigurationsHost } from './configurations.js';
import { renderFields } from './fields.js';
import { renderAutoLaunch, renderShare, renderVersions } from './launcher.parts.js';
import { formKit, loadFormKit, type FormKit } from './kit-loader.js';
import type { LaunchForm } from './launch-form.js';
import { AtelierLaunchEvent, AtelierServiceLaunchedEvent, type LaunchDetail } from './launcher.events.js';
import { launcherStyles } from './launcher.styles.js';

import type { Meta } from './launcher.parts.js';

/**
 * @summary The launch form of one catalog entry, generated from its values schema in
 * Onyxia's dialect. With `catalog` and `service` it loads the entry from the BFF (the
 * effective schema and defaults for the signed-in user); given a `schema` property (and
 * optionally `context` and `values`) it works without the BFF and makes no request.
 *
 * @event atelier-launch - On submit, before anything is sent; cancelable (`detail`: catalog, service, name, values — the differences —, completeValues, version).
 * @event atelier-service-launched - The BFF created the service (`detail.service`).
 *
 * @csspart form - The form.
 * @csspart header - The entry's name, description and version.
 * @csspart title - The entry's name.
 * @csspart version - The version choice (entries with several versions).
 * @csspart unavailable - Why the entry cannot be launched, and how to fix it.
 * @csspart notice - Not launchable here; filled in from a link; the auto-launch question.
 * @csspart field - One field (label, description, control, error).
 * @csspart label
 * @csspart input
 * @csspart description
 * @csspart field-error
 * @csspart group - A group of fields, a list, a range slider.
 * @csspart array - A list's group (also `group`).
 * @csspart range - A range slider's group (also `group`).
 * @csspart slider - A slider's input (also `input`).
 * @csspart legend
 * @csspart items - The rows of a list.
 * @csspart item - One row.
 * @csspart add - Adds a row.
 * @csspart remove - Removes a row.
 * @csspart reveal - Shows or hides a password.
 * @csspart slider-value - A slider's value, in words.
 * @csspart error - The form's alert region (errors that belong to no field).
 * @csspart status - The confirmation once launched or checked.
 * @csspart actions - The buttons.
 * @csspart restore - "Restore defaults".
 * @csspart submit - "Launch" ("Check values", or "Sign in to launch").
 * @csspart share - The launch link.
 * @csspart copy-link - "Copy launch link".
 * @csspart configurations - Saved configurations.
 * @csspart save - "Save configuration".
 * @csspart saved-list - The saved configurations.
 * @csspart saved-item - One of them.
 * @csspart saved-name - Its name.
 * @csspart message - Loading, signed-out and "no service chosen" messages.
 * @csspart sign-in - The sign-in button (signed out, catalogs not public).
 */
export class AtelierLauncher extends AtelierElement implements ConfigurationsHost {
  static override styles = [baseStyles, launcherStyles];

  /** The catalog's id. */
  @property({ reflect: true }) accessor catalog = '';
  /** The service's id in that catalog. */
  @property({ reflect: true }) accessor service = '';
  /** A version other than the latest ('' for the latest). */
  @property({ reflect: true }) accessor version = '';
  /** A values schema: the form is built from it, without the BFF. */
  @property({ attribute: false }) accessor schema: JsonSchema | undefined;
  /** The launch context of the schema's `x-onyxia` expressions (without the BFF). */
  @property({ attribute: false }) accessor context: LaunchContext | undefined;
  /** Values laid over the defaults when the form starts (a JSON merge patch). */
  @property({ attribute: false }) accessor values: Record<string, unknown> | undefined;
  /** A launch link to fill the form from (`parseLaunchLink`); `autoLaunch` asks first unless configuration allows it. */
  @property({ attribute: false }) accessor launchLink: LaunchLink | null = null;
  /** Where launch links point (the portal's URL); default: this page without its query. */
  @property({ attribute: 'link-base' }) accessor linkBase = '';

  @state() private accessor form: LaunchForm | undefined;
  @state() private accessor friendlyName = '';
  @state() private accessor formError = '';
  @state() private accessor status = '';
  @state() private accessor submitting = false;
  @state() private accessor revealed: ReadonlySet<string> = new Set();
  @state() private accessor askAutoLaunch = false;
  @state() private accessor prefilled = false;
  @state() private accessor link = '';
  @state() private accessor linkAutoLaunch = false;

  readonly #configurations = new SavedConfigurationsController(this);
  #entryKey = '';
  /** The standalone inputs changed and the form must be built again (once the kit is loaded). */
  #standaloneChanged = false;
  #seed: Partial<ContextSeed> | undefined;
  /** Applied once the entry it is for is loaded: a launch link, or a saved configuration to use (or launch). */
  #pending: { link?: LaunchLink; configuration?: SavedConfiguration; launch?: boolean } | null = null;
  #focusInvalid = false;

  readonly #entry = new Task(this, {
    args: () => [this.client, this.catalog, this.service, this.version, this.locale, this.identity.user?.username ?? null, this.#canRead, this.schema] as const,
    task: async ([client, catalog, service, version, lang, , canRead, schema], { signal }) => {
      if (schema || !client || !catalog || !service || !canRead) return initialState;
      return client.getCatalogEntry(catalog, service, { signal, lang, ...(version ? { version } : {}), ...(this.#seed ? { seed: this.#seed } : {}) });
    },
    onComplete: (entry) => {
      const kit = formKit();
      if (kit) this.#adopt(entry, kit);
      else void loadFormKit().then((loaded) => this.#adopt(entry, loaded));
    },
  });

  constructor() {
    super();
    if (!formKit()) void loadFormKit().then(() => this.requestUpdate());
  }

  /** Resolves once the form kit is loaded and the element has rendered. */
  protected override async getUpdateComplete(): Promise<boolean> {
    if (!formKit()) await loadFormKit();
    return super.getUpdateComplete();
  }

  /** The loaded entry, once loaded (BFF mode). */
  get entry(): CatalogEntry | undefined {
    return this.#entry.value;
  }

  /** The current complete values, hidden fields included. */
  get value(): Record<string, unknown> {
    return structuredClone(this.form?.values ?? {});
  }

  /** Keywords of the schema that are neither JSON Schema draft-07 nor Onyxia's (they are ignored). */
  get unknownKeywords(): string[] {
    return this.form ? (formKit()?.unknownKeywords(this.form.schema) ?? []) : [];
  }

  get #standalone(): boolean {
    return this.schema !== undefined;
  }

  get #canRead(): boolean {
    return this.signedIn || this.config?.publicCatalogs === true;
  }

  protected override get needsSession(): boolean {
    return !this.#standalone;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('launchLink') && this.launchLink) this.#takeLink(this.launchLink);
    if (['schema', 'context', 'values', 'launchLink'].some((name) => changed.has(name))) this.#standaloneChanged = true;
    const kit = formKit();
    if (this.#standalone && this.#standaloneChanged && kit) {
      this.#standaloneChanged = false;
      this.#startForm(kit.LaunchForm.standalone(this.schema!, this.context ?? kit.emptyContext(), this.values), kit);
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.setStates({ loading: this.#entry.status === TaskStatus.PENDING, error: this.#entry.status === TaskStatus.ERROR });
    if (this.#focusInvalid) {
      this.#focusInvalid = false;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    }
    if (this.askAutoLaunch && this.form && this.config?.launch?.autoLaunch === true && (this.signedIn || this.#standalone) && !this.submitting) {
      this.askAutoLaunch = false;
      void this.#send();
    }
  }

  protected override render() {
    if (this.#standalone) {
      const schema = this.schema!;
      const title = typeof schema.title === 'string' ? schema.title : this.service;
      const description = typeof schema.description === 'string' ? schema.description : '';
      return this.#renderForm({ name: title, description, unavailable: null, launchable: true, versions: [], version: '' });
    }
    if (this.unconfigured) return html`<p class="message" part="message">${this.t.unconfigured}</p>`;
    if (!this.catalog || !this.service) return html`<p class="message" part="message">${this.t.launcherNoService}</p>`;
    const entry = this.#entry.value;
    if (this.#entry.status === TaskStatus.ERROR) {
      return html`<div class="alert" role="alert" part="error">
        <p>${this.t.launcherError(this.describeError(this.#entry.error))}</p>
        <button type="button" class="button" @click=${() => this.#entry.run()}>${this.t.retry}</button>
      </div>`;
    }
    if (entry && this.form && `${entry.catalog}/${entry.id}` === `${this.catalog}/${this.service}`) {
      return this.#renderForm({ ...entry, launchable: entry.launchable !== false, versions: entry.versions ?? [], version: entry.version });
    }
    if (this.#entry.status === TaskStatus.INITIAL && !this.#canRead && (this.config || this.configError)) {
      return html`<div class="message" part="message"><p>${this.t.catalogSignedOut}</p>${this.renderSignIn()}</div>`;
    }
    if (this.configError && !this.config) return html`<p class="alert" role="alert" part="error">${this.t.configError}</p>`;
    return html`<p class="message" part="message" role="status">${this.t.loading}</p>`;
  }

  #renderForm(meta: Meta) {
    const t = this.t;
    const form = this.form;
    if (!form) return nothing;
    const checking = !meta.launchable && !this.#standalone;
    const submitLabel = this.submitting
      ? checking ? t.checking : t.launching
      : checking ? t.checkValues
      : this.signedIn || this.#standalone ? t.launch
      : this.identity.signingIn ? t.signingIn
      : t.signInToLaunch;
    return html`<form part="form" novalidate aria-labelledby="title" @submit=${this.#submit}>
        <div class="header" part="header">
          <h2 id="title" part="title">${meta.name}</h2>
          ${meta.description ? html`<p class="quiet">${meta.description}</p>` : nothing}
          ${meta.versions.length > 1
            ? renderVersions(this.t, meta, this.submitting, (chosen) => (this.version = chosen === meta.versions[0] ? '' : chosen))
            : nothing}
        </div>
        ${meta.unavailable
          ? html`<div class="notice" part="unavailable" id="unavailable">
              <p><strong>${t.unavailableLaunch}</strong> ${meta.unavailable.reason}</p>
              <p>${t.howToFix} ${meta.unavailable.hint}</p>
            </div>`
          : nothing}
        ${checking ? html`<p class="notice" part="notice" id="not-launchable">${t.notLaunchable}</p>` : nothing}
        ${this.prefilled ? html`<p class="notice" part="notice">${t.prefilled}</p>` : nothing}
        ${this.askAutoLaunch
          ? renderAutoLaunch(this.t, meta.name, {
              launch: () => {
                this.askAutoLaunch = false;
                void this.#send();
              },
              review: () => (this.askAutoLaunch = false),
            })
          : nothing}
        <div class="field" part="field">
          <label for="friendly-name" part="label">${t.friendlyName}</label>
          <p class="quiet description" id="friendly-name-description" part="description">${t.friendlyNameHint}</p>
          <input id="friendly-name" part="input" type="text" maxlength="100" autocomplete="off" .value=${this.friendlyName}
            ?disabled=${this.submitting} aria-describedby="friendly-name-description"
            @input=${(event: Event) => (this.friendlyName = (event.target as HTMLInputElement).value)} />
        </div>
        ${renderFields(form.fields, {
          form,
          t,
          disabled: this.submitting,
          revealed: this.revealed,
          changed: () => this.#changed(),
          toggleReveal: (key) => this.#toggleReveal(key),
        })}
        <div class="alert" role="alert" part="error">${this.formError}</div>
        <p class="launched" role="status" part="status">${this.status}</p>
        <div class="actions" part="actions">
          <button type="button" class="button" part="restore" ?disabled=${this.submitting} @click=${this.#restore}>${t.restoreDefaults}</button>
          <button type="submit" class="button primary" part="submit" ?disabled=${Boolean(meta.unavailable) || this.submitting}
            aria-describedby=${meta.unavailable ? 'unavailable' : checking ? 'not-launchable' : nothing}>${submitLabel}</button>
        </div>
        ${this.signInError ? html`<p class="alert" role="alert">${this.signInError}</p>` : nothing}
      </form>
      ${this.catalog && this.service
        ? renderShare(this.t, this.link, this.linkAutoLaunch, {
            autoLaunch: (on) => {
              this.linkAutoLaunch = on;
              if (this.link) this.#makeLink();
            },
            copy: () => this.#makeLink(true),
          })
        : nothing}
      ${this.#configurations.render()}`;
  }

  // ConfigurationsHost
  get savedClient() {
    return this.#standalone || !this.signedIn ? undefined : this.client;
  }
  get savedUser() {
    return this.identity.user?.username ?? null;
  }
  get savedTarget() {
    return this.catalog && this.service ? { catalog: this.catalog, service: this.service, version: this.version || null } : null;
  }
  get messages(): Messages {
    return this.t;
  }
  describe(error: unknown): string {
    return this.describeError(error);
  }
  currentForm() {
    return { friendlyName: this.friendlyName.trim(), values: this.form?.differences() ?? {} };
  }
  use(configuration: SavedConfiguration, launch: boolean): void {
    if ((configuration.version ?? '') !== this.version) {
      this.#pending = { configuration, launch };
      this.version = configuration.version ?? '';
      return;
    }
    this.#useConfiguration(configuration, launch);
  }

  #useConfiguration(configuration: SavedConfiguration, launch: boolean): void {
    const form = this.form;
    const kit = formKit();
    if (!form || !kit) return;
    this.#startForm(new kit.LaunchForm(form.schema, form.context, form.defaults, configuration.values), kit);
    this.friendlyName = configuration.friendlyName;
    if (launch) void this.updateComplete.then(() => this.#send());
  }

  #takeLink(link: LaunchLink): void {
    this.#pending = { link };
    this.friendlyName = link.name ?? '';
    this.prefilled = true;
    this.askAutoLaunch = link.autoLaunch;
    if (link.version && link.version !== this.version) this.version = link.version;
    else if (this.form && !this.#standalone) this.#applyPending(formKit()!);
  }

  /** A newly loaded entry: a new form from its defaults, or the same changes over new defaults (language, user or version changed). */
  #adopt(entry: CatalogEntry, kit: FormKit): void {
    const key = `${entry.catalog}/${entry.id}`;
    const context = entry.context ?? kit.emptyContext();
    this.#seed = seedOf(context);
    if (key !== this.#entryKey || !this.form) {
      this.#entryKey = key;
      this.friendlyName = this.#pending?.link ? this.friendlyName : '';
      this.#startForm(new kit.LaunchForm(entry.schema, context, entry.defaults, this.values), kit);
    } else {
      this.form = this.form.rebase(entry.schema, context, entry.defaults);
    }
    this.#applyPending(kit);
  }

  #applyPending(kit: FormKit): void {
    const pending = this.#pending;
    const form = this.form;
    if (!pending || !form) return;
    this.#pending = null;
    if (pending.link) {
      const linked = new kit.LaunchForm(form.schema, form.context, form.defaults);
      linked.values = kit.applyPatches(form.defaults, pending.link.patches);
      this.form = linked;
    }
    if (pending.configuration) this.#useConfiguration(pending.configuration, pending.launch === true);
  }

  #startForm(form: LaunchForm, kit: FormKit): void {
    if (this.#pending?.link && this.#standalone) {
      form.values = kit.applyPatches(form.defaults, this.#pending.link.patches);
      this.#pending = null;
    }
    if (!warned.has(form.schema)) {
      warned.add(form.schema);
      const unknown = kit.unknownKeywords(form.schema);
      if (unknown.length > 0) console.warn(`atelier-launcher: keywords neither JSON Schema nor Onyxia's are ignored: ${unknown.join(', ')}`);
    }
    this.form = form;
    this.formError = '';
    this.status = '';
    this.link = '';
  }

  #changed(): void {
    this.status = '';
    this.requestUpdate();
  }

  #toggleReveal(key: string): void {
    const revealed = new Set(this.revealed);
    if (!revealed.delete(key)) revealed.add(key);
    this.revealed = revealed;
  }

  #restore = () => {
    const kit = formKit();
    if (!this.form || !kit) return;
    this.#startForm(this.form.restored(), kit);
    this.friendlyName = '';
    this.prefilled = false;
  };

  #makeLink(copy = false): void {
    const form = this.form;
    const kit = formKit();
    if (!form || !kit) return;
    const base = this.linkBase || window.location.href;
    this.link = kit.launchLinkOf(base, {
      catalog: this.catalog,
      service: this.service,
      name: this.friendlyName.trim() || undefined,
      version: this.version || undefined,
      autoLaunch: this.linkAutoLaunch,
      patches: kit.leafPatches(form.defaults, form.values),
    });
    if (copy) {
      navigator.clipboard?.writeText(this.link).then(
        () => (this.status = this.t.linkCopied),
        () => undefined, // the link is shown, selectable
      );
    }
  }

  #submit = (event: SubmitEvent) => {
    event.preventDefault();
    void this.#send();
  };

  async #send(): Promise<void> {
    const form = this.form;
    const entry = this.#entry.value;
    if (!form || this.submitting) return;
    if (!this.#standalone) {
      if (!entry || entry.unavailable) return;
      if (!this.signedIn) {
        void this.signIn(); // synchronously opens the popup: still inside the user's gesture
        return;
      }
    }
    this.formError = '';
    this.status = '';
    if (!form.checkAll()) {
      this.formError = this.t.fixErrors;
      this.#focusInvalid = true;
      this.requestUpdate();
      return;
    }
    const detail: LaunchDetail = {
      catalog: this.catalog,
      service: this.service,
      name: this.friendlyName.trim(),
      values: form.differences(),
      completeValues: structuredClone(form.values),
      ...(this.version ? { version: this.version } : {}),
    };
    const checking = entry?.launchable === false;
    if (!checking && !this.dispatchEvent(new AtelierLaunchEvent(detail))) return; // the host page took over
    const client = this.client;
    if (this.#standalone || !client) return;
    const request: LaunchRequest = {
      catalog: detail.catalog,
      service: detail.service,
      ...(detail.name ? { name: detail.name } : {}),
      values: detail.values,
      ...(detail.version ? { version: detail.version } : {}),
      ...(entry?.context && this.#seed ? { seed: this.#seed } : {}),
    };
    this.submitting = true;
    try {
      if (checking) {
        await client.checkLaunch(request);
        this.status = this.t.valuesValid;
      } else {
        const service = await client.launch(request);
        this.status = this.t.launched(service.name);
        this.dispatchEvent(new AtelierServiceLaunchedEvent(service));
      }
    } catch (error) {
      this.#showLaunchError(error);
    } finally {
      this.submitting = false;
    }
  }

  #showLaunchError(error: unknown): void {
    const form = this.form!;
    if (error instanceof ApiRequestError && error.status === 400 && error.errors.length > 0) {
      const unplaced = form.placeServerErrors(error.errors).map((problem) => (problem.path ? `${problem.path}: ${problem.message}` : problem.message));
      this.formError = unplaced.length > 0 ? `${this.t.fixErrors} ${unplaced.join(' ')}` : this.t.fixErrors;
      this.#focusInvalid = form.messages.size > 0;
    } else {
      form.messages.clear();
      this.formError = this.t.launchFailed(this.describeError(error));
    }
    this.requestUpdate();
  }
}

/** Schemas whose unknown keywords were reported already (once each). */
const warned = new WeakSet<object>();

function seedOf(context: LaunchContext): Partial<ContextSeed> | undefined {
  const oneTimePassword = context.service?.oneTimePassword;
  const randomSubdomain = context.k8s?.randomSubdomain;
  const seed: Partial<ContextSeed> = {};
  if (typeof oneTimePassword === 'string' && /^[A-Za-z0-9]{8,64}$/.test(oneTimePassword)) seed.oneTimePassword = oneTimePassword;
  if (typeof randomSubdomain === 'string' && /^[a-z0-9]{1,32}$/.test(randomSubdomain)) seed.randomSubdomain = randomSubdomain;
  return Object.keys(seed).length > 0 ? seed : undefined;
}
