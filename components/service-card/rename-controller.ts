import { html, nothing, type ReactiveController, type ReactiveElement } from 'lit';
import type { AtelierApi } from '../api/api.js';
import type { Service } from '../api/types.js';
import type { Messages } from '../internal/localize.js';

interface RenameHost extends ReactiveElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  describe(error: unknown): string;
}

/**
 * Renaming a service in its card: a Rename button that turns into a small form (Enter
 * saves, Escape cancels) sending `PATCH /api/services/{id}`. The card shows the new name
 * when the events stream brings the renamed service.
 */
export class RenameController implements ReactiveController {
  editing = false;
  saving = false;
  error = '';
  #focus: 'input' | 'button' | null = null;

  constructor(private readonly host: RenameHost) {
    host.addController(this);
  }

  hostUpdated(): void {
    if (!this.#focus) return;
    const target = this.host.renderRoot.querySelector<HTMLElement>(this.#focus === 'input' ? '#name-input' : '[part~="rename"]');
    this.#focus = null;
    target?.focus();
    if (target instanceof HTMLInputElement) target.select();
  }

  /** The Rename button (when the client can rename). */
  renderButton(service: Service, client: AtelierApi | undefined, t: Messages) {
    if (!client?.services || this.editing) return nothing;
    return html`<button type="button" class="button small" part="rename" aria-label=${t.renameNamed(service.name)}
      @click=${() => this.#set({ editing: true, error: '' }, 'input')}>${t.renameService}</button>`;
  }

  /** The form, while renaming. */
  renderForm(service: Service, client: AtelierApi | undefined, t: Messages) {
    if (!this.editing || !client?.services) return nothing;
    return html`<form class="rename" part="rename-form" novalidate @submit=${(event: SubmitEvent) => this.#save(event, service, client, t)}>
      <label for="name-input">${t.serviceNameLabel}</label>
      <input id="name-input" part="name-input" .value=${service.name} maxlength="60" required autocomplete="off"
        aria-describedby="name-hint name-error" aria-invalid=${this.error ? 'true' : 'false'} ?disabled=${this.saving}
        @keydown=${(event: KeyboardEvent) => event.key === 'Escape' && this.#cancel(event)} />
      <span id="name-hint" class="quiet hint">${t.serviceNameHint}</span>
      <span id="name-error" class="alert" role="alert">${this.error}</span>
      <div class="rename-actions">
        <button type="button" class="button" @click=${this.#cancel} ?disabled=${this.saving}>${t.cancel}</button>
        <button type="submit" class="button primary" part="save-name" ?disabled=${this.saving}>${t.saveName}</button>
      </div>
    </form>`;
  }

  #cancel = (event: Event) => {
    event.preventDefault();
    this.#set({ editing: false, error: '' }, 'button');
  };

  async #save(event: SubmitEvent, service: Service, client: AtelierApi, t: Messages): Promise<void> {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).querySelector('input')!;
    const name = input.value.trim();
    if (name.length < 1 || name.length > 60) {
      this.#set({ error: t.nameInvalid }, 'input');
      return;
    }
    if (name === service.name) {
      this.#set({ editing: false, error: '' }, 'button');
      return;
    }
    this.#set({ saving: true, error: '' });
    try {
      await client.services!.rename(service.id, name);
      this.#set({ saving: false, editing: false }, 'button');
    } catch (error) {
      this.#set({ saving: false, error: t.renameFailed(this.host.describe(error)) }, 'input');
    }
  }

  #set(change: Partial<Pick<RenameController, 'editing' | 'saving' | 'error'>>, focus: 'input' | 'button' | null = null): void {
    Object.assign(this, change);
    this.#focus = focus;
    this.host.requestUpdate();
  }
}
