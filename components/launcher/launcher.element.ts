import { Task, TaskStatus, initialState } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiRequestError } from '../api/errors.js';
import type { CatalogEntry } from '../api/types.js';
import { AtelierElement } from '../internal/atelier-element.js';
import { baseStyles } from '../internal/styles.js';
import { renderFields, type FieldMessage } from './fields.js';
import { AtelierLaunchEvent, AtelierServiceLaunchedEvent } from './launcher.events.js';
import { launcherStyles } from './launcher.styles.js';
import {
  diffFromDefaults,
  fieldForPath,
  fieldsFromSchema,
  parseInput,
  setValue,
  validateField,
  validateValues,
  getValue,
  type Field,
} from './schema-form.js';

/**
 * @summary The launch form of one catalog entry, generated from its JSON Schema.
 *
 * @event atelier-launch - On submit, before anything is sent; cancelable (`detail`: catalog, service, name, values).
 * @event atelier-service-launched - The BFF created the service (`detail.service`).
 *
 * @csspart header - The entry's name and description.
 * @csspart title - The entry's name.
 * @csspart form - The form.
 * @csspart unavailable - Why the entry cannot be launched, and how to fix it.
 * @csspart field - One field (label, description, control, error).
 * @csspart label
 * @csspart input
 * @csspart description
 * @csspart field-error
 * @csspart group
 * @csspart legend
 * @csspart error - The form's alert region (errors that belong to no field).
 * @csspart status - The confirmation once launched.
 * @csspart actions - The buttons.
 * @csspart restore - "Restore defaults".
 * @csspart submit - "Launch" (or "Sign in to launch" when signed out).
 * @csspart message - Loading, signed-out and "no service chosen" messages.
 * @csspart sign-in - The sign-in button (signed out, catalogs not public).
 */
export class AtelierLauncher extends AtelierElement {
  static override styles = [baseStyles, launcherStyles];

  /** The catalog's id. */
  @property({ reflect: true }) accessor catalog = '';
  /** The service's id in that catalog. */
  @property({ reflect: true }) accessor service = '';

  @state() private accessor values: Record<string, unknown> = {};
  @state() private accessor friendlyName = '';
  @state() private accessor messages: ReadonlyMap<string, FieldMessage> = new Map();
  @state() private accessor formError = '';
  @state() private accessor launchedName = '';
  @state() private accessor submitting = false;

  #fields: Field[] = [];
  #fieldsOf: CatalogEntry | undefined;
  #entryKey = '';
  #focusInvalid = false;

  readonly #entry = new Task(this, {
    args: () => [this.client, this.catalog, this.service, this.locale, this.identity.user?.username ?? null, this.#canRead] as const,
    task: async ([client, catalog, service, lang, , canRead], { signal }) => {
      if (!client || !catalog || !service || !canRead) return initialState;
      return client.getCatalogEntry(catalog, service, { signal, lang });
    },
    onComplete: (entry) => this.#adopt(entry),
  });

  /** The loaded entry, once loaded. */
  get entry(): CatalogEntry | undefined {
    return this.#entry.value;
  }

  get #canRead(): boolean {
    return this.signedIn || this.config?.publicCatalogs === true;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.setStates({ loading: this.#entry.status === TaskStatus.PENDING, error: this.#entry.status === TaskStatus.ERROR });
    if (this.#focusInvalid) {
      this.#focusInvalid = false;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    }
  }

  protected override render() {
    if (this.unconfigured) return html`<p class="message" part="message">${this.t.unconfigured}</p>`;
    if (!this.catalog || !this.service) return html`<p class="message" part="message">${this.t.launcherNoService}</p>`;
    const entry = this.#entry.value;
    if (this.#entry.status === TaskStatus.ERROR) {
      return html`<div class="alert" role="alert" part="error">
        <p>${this.t.launcherError(this.describeError(this.#entry.error))}</p>
        <button type="button" class="button" @click=${() => this.#entry.run()}>${this.t.retry}</button>
      </div>`;
    }
    if (entry && `${entry.catalog}/${entry.id}` === `${this.catalog}/${this.service}`) return this.#renderForm(entry);
    if (this.#entry.status === TaskStatus.INITIAL && !this.#canRead && (this.config || this.configError)) {
      return html`<div class="message" part="message"><p>${this.t.catalogSignedOut}</p>${this.renderSignIn()}</div>`;
    }
    if (this.configError && !this.config) return html`<p class="alert" role="alert" part="error">${this.t.configError}</p>`;
    return html`<p class="message" part="message" role="status">${this.t.loading}</p>`;
  }

  #renderForm(entry: CatalogEntry) {
    const t = this.t;
    const unavailable = entry.unavailable;
    const fields = this.#fieldsFor(entry);
    const submitLabel = this.submitting ? t.launching : this.signedIn ? t.launch : this.identity.signingIn ? t.signingIn : t.signInToLaunch;
    return html`<form part="form" novalidate aria-labelledby="title" @submit=${this.#submit}>
      <div class="header" part="header">
        <h2 id="title" part="title">${entry.name}</h2>
        <p class="quiet">${entry.description}</p>
      </div>
      ${unavailable
        ? html`<div class="notice" part="unavailable" id="unavailable">
            <p><strong>${t.unavailableLaunch}</strong> ${unavailable.reason}</p>
            <p>${t.howToFix} ${unavailable.hint}</p>
          </div>`
        : nothing}
      <div class="field" part="field">
        <label for="friendly-name" part="label">${t.friendlyName}</label>
        <p class="quiet description" id="friendly-name-description" part="description">${t.friendlyNameHint}</p>
        <input id="friendly-name" part="input" type="text" maxlength="100" autocomplete="off" .value=${this.friendlyName}
          ?disabled=${this.submitting} aria-describedby="friendly-name-description"
          @input=${(event: Event) => (this.friendlyName = (event.target as HTMLInputElement).value)} />
      </div>
      ${renderFields(fields, {
        values: this.values,
        messages: this.messages,
        t,
        disabled: this.submitting,
        onInput: (field, raw) => this.#onInput(field, raw),
        onChange: (field) => this.#onChange(field),
      })}
      <div class="alert" role="alert" part="error">${this.formError}</div>
      <p class="launched" role="status" part="status">${this.launchedName ? t.launched(this.launchedName) : ''}</p>
      <div class="actions" part="actions">
        <button type="button" class="button" part="restore" ?disabled=${this.submitting} @click=${this.#restore}>${t.restoreDefaults}</button>
        <button type="submit" class="button primary" part="submit" ?disabled=${Boolean(unavailable) || this.submitting}
          aria-describedby=${unavailable ? 'unavailable' : nothing}>${submitLabel}</button>
      </div>
      ${this.signInError ? html`<p class="alert" role="alert">${this.signInError}</p>` : nothing}
    </form>`;
  }

  #fieldsFor(entry: CatalogEntry): Field[] {
    if (this.#fieldsOf !== entry) {
      this.#fields = fieldsFromSchema(entry.schema);
      this.#fieldsOf = entry;
    }
    return this.#fields;
  }

  /** A newly loaded entry: the form starts from its defaults (kept when only the language changed). */
  #adopt(entry: CatalogEntry): void {
    const key = `${entry.catalog}/${entry.id}`;
    if (key === this.#entryKey) return;
    this.#entryKey = key;
    this.#reset(entry);
  }

  #reset(entry: CatalogEntry): void {
    this.values = structuredClone(entry.defaults);
    this.friendlyName = '';
    this.messages = new Map();
    this.formError = '';
    this.launchedName = '';
  }

  #restore = () => {
    const entry = this.#entry.value;
    if (entry) this.#reset(entry);
  };

  #onInput(field: Field, raw: string | boolean): void {
    this.values = setValue(this.values, field.path, parseInput(field, raw));
    if (this.messages.has(field.key)) {
      const messages = new Map(this.messages);
      messages.delete(field.key);
      this.messages = messages;
    }
    this.launchedName = '';
  }

  #onChange(field: Field): void {
    const problem = validateField(field, getValue(this.values, field.path));
    if (!problem) return;
    this.messages = new Map(this.messages).set(field.key, problem);
  }

  #submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const entry = this.#entry.value;
    const client = this.client;
    if (!entry || !client || entry.unavailable || this.submitting) return;
    if (!this.signedIn) {
      void this.signIn(); // synchronously opens the popup: still inside the user's gesture
      return;
    }
    this.formError = '';
    this.launchedName = '';
    const fields = this.#fieldsFor(entry);
    const problems = validateValues(fields, this.values);
    if (problems.size > 0) {
      this.messages = problems;
      this.formError = this.t.fixErrors;
      this.#focusInvalid = true;
      return;
    }
    const detail = {
      catalog: entry.catalog,
      service: entry.id,
      name: this.friendlyName.trim(),
      values: diffFromDefaults(this.values, entry.defaults),
    };
    if (!this.dispatchEvent(new AtelierLaunchEvent(detail))) return; // the host page took over
    this.submitting = true;
    try {
      const service = await client.launch({
        catalog: detail.catalog,
        service: detail.service,
        ...(detail.name ? { name: detail.name } : {}),
        values: detail.values,
      });
      this.launchedName = service.name;
      this.dispatchEvent(new AtelierServiceLaunchedEvent(service));
    } catch (error) {
      this.#showLaunchError(error, fields);
    } finally {
      this.submitting = false;
    }
  };

  #showLaunchError(error: unknown, fields: Field[]): void {
    const messages = new Map<string, FieldMessage>();
    const unplaced: string[] = [];
    if (error instanceof ApiRequestError && error.status === 400 && error.errors.length > 0) {
      for (const problem of error.errors) {
        const field = fieldForPath(fields, problem.path);
        if (field && !messages.has(field.key)) messages.set(field.key, { kind: 'server', message: problem.message });
        else unplaced.push(problem.path ? `${problem.path}: ${problem.message}` : problem.message);
      }
      this.formError = unplaced.length > 0 ? `${this.t.fixErrors} ${unplaced.join(' ')}` : this.t.fixErrors;
      this.#focusInvalid = messages.size > 0;
    } else {
      this.formError = this.t.launchFailed(this.describeError(error));
    }
    this.messages = messages;
  }
}

