/** Fired when the user chooses an entry's Launch action (`version` when another than the latest was chosen). */
export class AtelierServiceSelectEvent extends CustomEvent<{ catalog: string; service: string; version?: string }> {
  static readonly type = 'atelier-service-select';
  constructor(catalog: string, service: string, version?: string) {
    super(AtelierServiceSelectEvent.type, { detail: { catalog, service, ...(version ? { version } : {}) }, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'atelier-service-select': AtelierServiceSelectEvent;
  }
}
