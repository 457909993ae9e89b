import { html, nothing, type ReactiveController, type ReactiveElement } from 'lit';
import type { AtelierApi } from '../api/api.js';
import type { Messages } from '../internal/localize.js';

interface DeleteAllHost extends ReactiveElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/**
 * Delete all: a button, a modal dialog that names how many services go (Escape or Cancel
 * closes it, focus returns to the button), then `DELETE /api/services`; the cards leave
 * as the events stream reports each deletion.
 */
export class DeleteAllController implements ReactiveController {
  count = 0;
  deleting = false;
  error = '';
  done = '';

  constructor(
    private readonly host: DeleteAllHost,
    private readonly describe: (error: unknown) => string,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Nothing to start: the controller acts on clicks only.
  }

  get #dialog(): HTMLDialogElement | null {
    return this.host.renderRoot.querySelector('dialog');
  }

  /** The button (when there is something to delete) and the dialog. */
  render(count: number, client: AtelierApi | undefined, t: Messages) {
    if (!client?.services) return nothing;
    return html`<div class="bulk">
        <button type="button" class="button" part="delete-all" ?hidden=${count === 0} ?disabled=${this.deleting}
          aria-haspopup="dialog" @click=${() => this.#ask(count)}>${this.deleting ? t.deletingAll : t.deleteAll}</button>
        <p class="quiet" role="status" part="bulk-status">${this.done}</p>
        <p class="alert" role="alert" part="bulk-error">${this.error}</p>
      </div>
      <dialog part="dialog" aria-labelledby="delete-all-title" aria-describedby="delete-all-text" @close=${this.#closed}>
        <h3 id="delete-all-title">${t.deleteAllTitle}</h3>
        <p id="delete-all-text">${t.deleteAllConfirm(this.count)}</p>
        <div class="dialog-actions">
          <button type="button" class="button" part="cancel-delete-all" autofocus @click=${() => this.#dialog?.close()}>${t.cancel}</button>
          <button type="button" class="button danger" part="confirm-delete-all" @click=${() => this.#confirm(client, t)}>
            ${t.deleteAllAction(this.count)}
          </button>
        </div>
      </dialog>`;
  }

  #ask(count: number): void {
    this.count = count;
    this.error = '';
    this.done = '';
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => this.#dialog?.showModal());
  }

  #closed = () => {
    this.host.renderRoot.querySelector<HTMLElement>('[part~="delete-all"]')?.focus();
  };

  async #confirm(client: AtelierApi, t: Messages): Promise<void> {
    this.#dialog?.close();
    this.deleting = true;
    this.host.requestUpdate();
    try {
      const { deleted } = await client.services!.deleteAll();
      this.done = t.deletedAll(deleted);
    } catch (error) {
      this.error = t.deleteAllFailed(this.describe(error));
    } finally {
      this.deleting = false;
      this.host.requestUpdate();
    }
  }
}
