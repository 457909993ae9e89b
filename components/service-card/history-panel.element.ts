import { html, nothing } from 'lit';
import type { ServicesApi } from '../api/services-api.js';
import type { Service, ServiceHistoryEvent } from '../api/types.js';
import { formatDateTime } from '../internal/localize.js';
import { ServicePanel } from './service-panel.js';

/**
 * @summary A service's events, oldest first: launch phases, status changes and their
 * reasons, the cluster's events, idle stops, suspensions. Loaded again when its status
 * changes.
 *
 * @csspart panel
 * @csspart events - The list.
 * @csspart event - One event (`warning` too for a warning).
 * @csspart error
 */
export class AtelierServiceHistory extends ServicePanel<ServiceHistoryEvent[]> {
  protected fetch(services: ServicesApi, service: Service, signal: AbortSignal): Promise<ServiceHistoryEvent[]> {
    return services.history(service.id, { signal });
  }

  protected override loadKey(service: Service): string {
    return `${service.id} ${service.status} ${service.progress?.phase ?? ''}`;
  }

  protected override render() {
    const service = this.service;
    if (!service) return nothing;
    const t = this.t;
    const events = this.data;
    return this.renderPanel(
      t.historyNamed(service.name),
      html`${events?.length === 0 ? html`<p class="quiet">${t.historyEmpty}</p>` : nothing}
      ${events?.length
        ? html`<ol part="events">
            ${events.map(
              (event) => html`<li part=${event.type === 'warning' ? 'event warning' : 'event'} class=${event.type === 'warning' ? 'warning' : ''}>
                <time class="quiet" datetime=${event.at}>${formatDateTime(event.at, this.locale)}</time>
                ${event.type === 'warning' ? html`<strong>${t.historyWarning}</strong>` : nothing}
                <strong>${event.reason}</strong> ${event.message}
              </li>`,
            )}
          </ol>`
        : nothing}`,
    );
  }
}
