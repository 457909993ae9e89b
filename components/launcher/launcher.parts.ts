import { html } from 'lit';
import type { CatalogEntry } from '../api/types.js';
import type { Messages } from '../internal/localize.js';

/** What the form's header shows: the BFF's entry, or the standalone schema's title. */
export type Meta = Pick<CatalogEntry, 'name' | 'description' | 'unavailable'> & { launchable: boolean; versions: string[]; version: string };

/** The version choice of an entry that has several. */
export function renderVersions(t: Messages, meta: Meta, disabled: boolean, choose: (version: string) => void) {
  return html`<div class="field inline" part="version">
    <label for="version">${t.versionOf(meta.name)}</label>
    <select id="version" ?disabled=${disabled} @change=${(event: Event) => choose((event.target as HTMLSelectElement).value)}>
      ${meta.versions.map((version) => html`<option value=${version} ?selected=${version === meta.version}>${version}</option>`)}
    </select>
  </div>`;
}

/** The question a launch link with `autoLaunch=true` asks first (a link can come from anyone). */
export function renderAutoLaunch(t: Messages, name: string, actions: { launch: () => void; review: () => void }) {
  return html`<div class="notice confirm" part="notice" role="group" aria-labelledby="auto-launch-question">
    <p id="auto-launch-question">${t.autoLaunchAsk(name)}</p>
    <div class="actions start">
      <button type="button" class="button primary" @click=${actions.launch}>${t.autoLaunchConfirm}</button>
      <button type="button" class="button" @click=${actions.review}>${t.autoLaunchReview}</button>
    </div>
  </div>`;
}

/** The launch link: copied to the clipboard and shown, selectable. */
export function renderShare(t: Messages, link: string, autoLaunch: boolean, actions: { autoLaunch: (on: boolean) => void; copy: () => void }) {
  return html`<section class="share" part="share" aria-labelledby="share-title">
    <h3 id="share-title">${t.launchLink}</h3>
    <div class="field checkbox">
      <input type="checkbox" id="link-auto" .checked=${autoLaunch} @change=${(event: Event) => actions.autoLaunch((event.target as HTMLInputElement).checked)} />
      <label for="link-auto">${t.linkAutoLaunch}</label>
    </div>
    <div class="with-button">
      <input id="launch-link" type="text" readonly aria-label=${t.launchLink} .value=${link} ?hidden=${!link}
        @focus=${(event: Event) => (event.target as HTMLInputElement).select()} />
      <button type="button" class="button" part="copy-link" @click=${actions.copy}>${t.copyLink}</button>
    </div>
  </section>`;
}
