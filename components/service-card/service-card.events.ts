import type { Service, ServiceUrl } from '../api/types.js';

/**
 * Fired when the user opens one of a service's URLs. Cancelable: by default the card
 * asks the BFF for a one-time URL and opens it in a new tab.
 */
export class AtelierServiceOpenEvent extends CustomEvent<{ service: Service; url: ServiceUrl }> {
  static readonly type = 'atelier-service-open';
  constructor(service: Service, url: ServiceUrl) {
    super(AtelierServiceOpenEvent.type, { detail: { service, url }, bubbles: true, composed: true, cancelable: true });
  }
}

/**
 * Fired when the user confirmed deleting a service. Cancelable: by default the card
 * sends `DELETE /api/services/{id}`; the card goes away on the stream's `deleted` event.
 */
export class AtelierServiceDeleteEvent extends CustomEvent<{ service: Service }> {
  static readonly type = 'atelier-service-delete';
  constructor(service: Service) {
    super(AtelierServiceDeleteEvent.type, { detail: { service }, bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'atelier-service-open': AtelierServiceOpenEvent;
    'atelier-service-delete': AtelierServiceDeleteEvent;
  }
}
