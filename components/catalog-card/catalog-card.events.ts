/** Fired when the user chooses an entry's Launch action. */
export class AtelierServiceSelectEvent extends CustomEvent<{ catalog: string; service: string }> {
  static readonly type = 'atelier-service-select';
  constructor(catalog: string, service: string) {
    super(AtelierServiceSelectEvent.type, { detail: { catalog, service }, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'atelier-service-select': AtelierServiceSelectEvent;
  }
}
