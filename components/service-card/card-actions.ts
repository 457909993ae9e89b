import { html, nothing } from 'lit';
import type { AtelierApi } from '../api/api.js';
import type { Service, ServiceUrl } from '../api/types.js';
import type { Messages } from '../internal/localize.js';

export type CardPanel = 'readme' | 'logs' | 'history' | 'share';

export interface CardActions {
  t: Messages;
  client: AtelierApi | undefined;
  /** The port being opened, if any. */
  opening: number | null;
  busy: 'delete' | 'suspend' | 'resume' | null;
  panel: CardPanel | null;
  open(url: ServiceUrl): void;
  toggle(panel: CardPanel): void;
  suspend(): void;
  resume(): void;
  askDelete(): void;
}

/** A service card's buttons: Open (per URL), the panels' toggles, Suspend or Resume, Delete. */
export function renderCardActions(service: Service, actions: CardActions) {
  const { t, client, busy } = actions;
  const urls = service.status === 'running' ? service.urls : [];
  const named = (label: string) => `${label} — ${service.name}`;
  const toggle = (panel: CardPanel, label: string, ariaLabel: string) =>
    html`<button type="button" class="button" part=${panel} aria-expanded=${actions.panel === panel ? 'true' : 'false'} aria-controls="panel"
      aria-label=${ariaLabel} @click=${() => actions.toggle(panel)}>${label}</button>`;
  const suspendable = service.suspendable && client?.services;
  return html`<div class="actions" part="actions">
    <slot name="actions"></slot>
    ${urls.map(
      (url) => html`<button type="button" class="button primary" part="open" ?disabled=${actions.opening === url.port}
        aria-label=${urls.length > 1 ? named(t.openNamed(url.name)) : t.openNamed(service.name)}
        @click=${() => actions.open(url)}>${actions.opening === url.port ? t.opening : urls.length > 1 ? t.openNamed(url.name) : t.open}</button>`,
    )}
    ${client?.services
      ? html`${toggle('readme', t.readme, t.readmeNamed(service.name))} ${toggle('logs', t.logs, t.logsNamed(service.name))}
        ${toggle('history', t.history, t.historyNamed(service.name))}`
      : nothing}
    ${client?.shares ? toggle('share', t.share, t.shareNamed(service.name)) : nothing}
    ${suspendable && service.status === 'running'
      ? html`<button type="button" class="button" part="suspend" ?disabled=${busy !== null} aria-label=${t.suspendNamed(service.name)}
          @click=${actions.suspend}>${busy === 'suspend' ? t.suspending : t.suspend}</button>`
      : nothing}
    ${suspendable && service.status === 'suspended'
      ? html`<button type="button" class="button primary" part="resume" ?disabled=${busy !== null} aria-label=${t.resumeNamed(service.name)}
          @click=${actions.resume}>${busy === 'resume' ? t.resuming : t.resume}</button>`
      : nothing}
    <button type="button" class="button" part="delete" ?disabled=${busy === 'delete'} aria-label=${t.deleteNamed(service.name)}
      @click=${actions.askDelete}>${busy === 'delete' ? t.deleting : t.delete}</button>
  </div>`;
}
