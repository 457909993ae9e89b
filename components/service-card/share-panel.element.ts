import { ContextConsumer } from '@lit/context';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AtelierApi } from '../api/api.js';
import { ApiRequestError } from '../api/errors.js';
import type { Service, Share, ShareRequest } from '../api/types.js';
import { identityContext } from '../internal/contexts.js';
import { noIdentity, type Identity } from '../internal/identity.js';
import { LocalizedElement } from '../internal/localized-element.js';
import { baseStyles } from '../internal/styles.js';
import { panelStyles } from './panel.styles.js';
import { sharePanelStyles } from './share-panel.styles.js';

/**
 * @summary Who else may open one of the user's services: the users and groups it is
 * shared with (each with Stop sharing), and a small form to share it with a username or
 * with groups of the user's own. The proxy lets them in as themselves; a revocation takes
 * effect within a few seconds.
 *
 * @csspart panel
 * @csspart list
 * @csspart entry
 * @csspart revoke
 * @csspart form
 * @csspart add
 * @csspart error
 * @csspart status
 */
export class AtelierSharePanel extends LocalizedElement {
  static override styles = [baseStyles, panelStyles, sharePanelStyles];

  @property({ attribute: false }) accessor service: Service | undefined;
  @property({ attribute: false }) accessor client: AtelierApi | undefined;

  @state() private accessor share: Share | null = null;
  @state() private accessor busy = false;
  @state() private accessor error = '';
  @state() private accessor status = '';
  @state() private accessor identity: Identity = noIdentity;

  #loading: AbortController | null = null;

  constructor() {
    super();
    new ContextConsumer(this, { context: identityContext, subscribe: true, callback: (identity) => (this.identity = identity) });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#loading?.abort();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if ((changed.has('service') || changed.has('client')) && this.service?.id !== this.share?.serviceId) void this.#load();
    this.setStates({ loading: this.share === null && !this.error, busy: this.busy, error: Boolean(this.error) });
  }

  protected override render() {
    const service = this.service;
    if (!service) return nothing;
    const t = this.t;
    const share = this.share;
    const entries = share ? [...share.users.map((name) => ['users', name] as const), ...share.groups.map((name) => ['groups', name] as const)] : [];
    const groups = (this.identity.user?.groups ?? []).filter((group) => !share?.groups.includes(group));
    return html`<section part="panel" aria-labelledby="share-title">
      <h4 id="share-title">${t.shareTitle(service.name)}</h4>
      <p class="quiet">${t.shareIntro}</p>
      ${share === null
        ? html`<p class="quiet">${this.error ? '' : t.loading}</p>`
        : entries.length === 0
          ? html`<p part="list">${t.sharedWithNobody}</p>`
          : html`<ul part="list">
              ${entries.map(([kind, name]) => {
                const who = kind === 'users' ? t.sharedUser(name) : t.sharedGroup(name);
                return html`<li part="entry">
                  <span>${who}</span>
                  <button type="button" class="button" part="revoke" ?disabled=${this.busy} aria-label=${t.revokeNamed(who)}
                    @click=${() => this.#revoke(kind, name, who)}>${t.revoke}</button>
                </li>`;
              })}
            </ul>`}
      <form part="form" @submit=${this.#submit} novalidate>
        <label for="share-user">${t.shareUsername}</label>
        <input id="share-user" name="user" autocomplete="off" spellcheck="false" aria-describedby="share-user-hint" pattern="[a-z0-9-]+" maxlength="63" />
        <p id="share-user-hint" class="quiet hint">${t.shareUsernameHint}</p>
        ${groups.length
          ? html`<fieldset>
              <legend>${t.shareGroups}</legend>
              ${groups.map((group) => html`<label class="check"><input type="checkbox" name="group" .value=${group} /> ${group}</label>`)}
            </fieldset>`
          : nothing}
        <button type="submit" class="button primary" part="add" ?disabled=${this.busy || share === null}>${this.busy ? t.shareSaving : t.shareAdd}</button>
      </form>
      <p class="alert" role="alert" part="error">${this.error}</p>
      <p class="quiet" role="status" part="status">${this.status}</p>
    </section>`;
  }

  async #load(): Promise<void> {
    const { service, client } = this;
    this.#loading?.abort();
    if (!service || !client?.shares) return;
    const loading = (this.#loading = new AbortController());
    this.share = null;
    this.error = '';
    try {
      const share = await client.shares.get(service.id, { signal: loading.signal });
      if (!loading.signal.aborted) this.share = share;
    } catch (error) {
      if (!loading.signal.aborted) this.error = this.t.shareLoadFailed(this.#describe(error));
    }
  }

  #submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const user = (form.elements.namedItem('user') as HTMLInputElement).value.trim().toLowerCase();
    const groups = [...form.querySelectorAll<HTMLInputElement>('input[name="group"]:checked')].map((input) => input.value);
    const request: ShareRequest = {};
    if (user) request.users = [user];
    if (groups.length) request.groups = groups;
    if (!user && !groups.length) {
      this.error = this.t.shareNothingChosen;
      return;
    }
    const who = [...(request.users ?? []), ...groups].join(', ');
    if (await this.#change(() => this.client!.shares!.add(this.service!.id, request), this.t.sharedWithNow(who))) form.reset();
  };

  async #revoke(kind: 'users' | 'groups', name: string, who: string): Promise<void> {
    const serviceId = this.service!.id;
    await this.#change(async () => {
      await this.client!.shares!.revoke(serviceId, kind, name);
      return { ...this.share!, [kind]: this.share![kind].filter((candidate) => candidate !== name) };
    }, this.t.revokedNow(who));
  }

  async #change(action: () => Promise<Share>, done: string): Promise<boolean> {
    this.busy = true;
    this.error = '';
    this.status = '';
    try {
      this.share = await action();
      this.status = done;
      return true;
    } catch (error) {
      this.error = this.t.shareFailed(this.#describe(error));
      return false;
    } finally {
      this.busy = false;
    }
  }

  #describe(error: unknown): string {
    if (error instanceof ApiRequestError && error.status === 0) return this.t.networkError;
    return error instanceof Error ? error.message : String(error);
  }
}
