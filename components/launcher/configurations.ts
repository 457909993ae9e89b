import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { AtelierApi } from '../api/api.js';
import type { SavedConfiguration } from '../api/types.js';
import type { Messages } from '../internal/localize.js';

export interface ConfigurationsHost extends ReactiveControllerHost {
  /** The API client, when signed in (saved configurations are per user). */
  readonly savedClient: AtelierApi | undefined;
  /** Who is signed in: the list is loaded again for another user. */
  readonly savedUser: string | null;
  /** The service the form is for. */
  readonly savedTarget: { catalog: string; service: string; version: string | null } | null;
  readonly messages: Messages;
  describe(error: unknown): string;
  /** The form's name for the service and its differences from the defaults. */
  currentForm(): { friendlyName: string; values: Record<string, unknown> };
  use(configuration: SavedConfiguration, launch: boolean): void;
}

/**
 * The user's saved configurations of the launcher's service: save the form under a name,
 * use one (fill the form), launch one, rename, move up or down, delete. Kept by the BFF.
 */
export class SavedConfigurationsController implements ReactiveController {
  items: SavedConfiguration[] = [];
  status = '';
  error = '';
  busy = false;
  renaming: string | null = null;
  #loadedFor = '';

  constructor(private readonly host: ConfigurationsHost) {
    host.addController(this);
  }

  hostUpdate(): void {
    const client = this.host.savedClient;
    const key = client && this.host.savedUser ? `${client.base}|${this.host.savedUser}` : '';
    if (key !== this.#loadedFor) {
      this.#loadedFor = key;
      this.items = [];
      if (client && key) void this.#run(async () => (this.items = await client.listConfigurations()));
    }
  }

  /** The configurations of the form's service, in the user's order. */
  get mine(): SavedConfiguration[] {
    const target = this.host.savedTarget;
    return target ? this.items.filter((item) => item.catalog === target.catalog && item.service === target.service) : [];
  }

  render() {
    const client = this.host.savedClient;
    const target = this.host.savedTarget;
    if (!client || !target) return nothing;
    const t = this.host.messages;
    const mine = this.mine;
    return html`<section class="configurations" part="configurations" aria-labelledby="configurations-title">
      <h3 id="configurations-title">${t.savedConfigurations}</h3>
      <form class="save-row" @submit=${this.#save}>
        <label for="save-name">${t.saveAs}</label>
        <input id="save-name" name="name" type="text" maxlength="100" required autocomplete="off" ?disabled=${this.busy} />
        <button type="submit" class="button" part="save" ?disabled=${this.busy}>${t.saveConfiguration}</button>
      </form>
      ${mine.length === 0 ? html`<p class="quiet">${t.savedEmpty}</p>` : nothing}
      <ul class="saved" part="saved-list" ?hidden=${mine.length === 0}>
        ${mine.map((item, index) => this.#renderItem(item, index, mine))}
      </ul>
      <p role="status" class="quiet">${this.status}</p>
      <p role="alert" class="field-error">${this.error ? t.configurationsError(this.error) : ''}</p>
    </section>`;
  }

  #renderItem(item: SavedConfiguration, index: number, mine: SavedConfiguration[]) {
    const t = this.host.messages;
    if (this.renaming === item.id) {
      return html`<li class="saved-item" part="saved-item">
        <form class="save-row" @submit=${(event: SubmitEvent) => this.#rename(event, item)}>
          <label for="rename-${item.id}">${t.renameNamed(item.name)}</label>
          <input id="rename-${item.id}" name="name" type="text" maxlength="100" required .value=${item.name} ?disabled=${this.busy} />
          <button type="submit" class="button" ?disabled=${this.busy}>${t.rename}</button>
          <button type="button" class="button" @click=${() => this.#stopRenaming()}>${t.cancel}</button>
        </form>
      </li>`;
    }
    return html`<li class="saved-item" part="saved-item">
      <span class="saved-name" part="saved-name">${item.name}</span>
      <span class="saved-actions">
        <button type="button" class="button" aria-label=${t.useConfigurationNamed(item.name)} ?disabled=${this.busy}
          @click=${() => this.host.use(item, false)}>${t.useConfiguration}</button>
        <button type="button" class="button" aria-label=${t.relaunchNamed(item.name)} ?disabled=${this.busy}
          @click=${() => this.host.use(item, true)}>${t.launch}</button>
        <button type="button" class="button" aria-label=${t.renameNamed(item.name)} ?disabled=${this.busy}
          @click=${() => this.#startRenaming(item)}>${t.rename}</button>
        <button type="button" class="button" aria-label=${t.moveUpNamed(item.name)} ?disabled=${this.busy || index === 0}
          @click=${() => this.#move(mine, index, -1)}>↑</button>
        <button type="button" class="button" aria-label=${t.moveDownNamed(item.name)} ?disabled=${this.busy || index === mine.length - 1}
          @click=${() => this.#move(mine, index, 1)}>↓</button>
        <button type="button" class="button" aria-label=${t.deleteConfigurationNamed(item.name)} ?disabled=${this.busy}
          @click=${() => this.#delete(item)}>${t.delete}</button>
      </span>
    </li>`;
  }

  #save = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const input = form.elements.namedItem('name') as HTMLInputElement;
    const name = input.value.trim();
    const client = this.host.savedClient;
    const target = this.host.savedTarget;
    if (!name || !client || !target) return;
    const { friendlyName, values } = this.host.currentForm();
    void this.#run(async () => {
      const saved = await client.saveConfiguration({ name, catalog: target.catalog, service: target.service, version: target.version, friendlyName, values });
      this.items = [...this.items, saved];
      input.value = '';
      this.status = this.host.messages.saved(saved.name);
    });
  };

  #startRenaming(item: SavedConfiguration): void {
    this.renaming = item.id;
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => (this.#root()?.querySelector<HTMLInputElement>(`#rename-${item.id}`))?.focus());
  }

  #stopRenaming(): void {
    this.renaming = null;
    this.host.requestUpdate();
  }

  #rename(event: SubmitEvent, item: SavedConfiguration): void {
    event.preventDefault();
    const name = ((event.currentTarget as HTMLFormElement).elements.namedItem('name') as HTMLInputElement).value.trim();
    const client = this.host.savedClient;
    if (!name || !client) return;
    void this.#run(async () => {
      const renamed = await client.changeConfiguration(item.id, { name });
      this.items = this.items.map((candidate) => (candidate.id === renamed.id ? renamed : candidate));
      this.renaming = null;
    });
  }

  #move(mine: SavedConfiguration[], index: number, delta: number): void {
    const client = this.host.savedClient;
    if (!client) return;
    const order = mine.map((item) => item.id);
    const [moved] = order.splice(index, 1);
    order.splice(index + delta, 0, moved!);
    void this.#run(async () => (this.items = await client.reorderConfigurations(order)));
  }

  #delete(item: SavedConfiguration): void {
    const client = this.host.savedClient;
    if (!client) return;
    void this.#run(async () => {
      await client.deleteConfiguration(item.id);
      this.items = this.items.filter((candidate) => candidate.id !== item.id);
    });
  }

  async #run(action: () => Promise<unknown>): Promise<void> {
    this.busy = true;
    this.error = '';
    this.status = '';
    this.host.requestUpdate();
    try {
      await action();
    } catch (error) {
      this.error = this.host.describe(error);
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  #root(): ShadowRoot | null {
    return (this.host as unknown as HTMLElement).shadowRoot;
  }
}
