import type { Service } from '../api/types.js';

export interface LaunchDetail {
  catalog: string;
  service: string;
  /** The friendly name the user typed ('' when none). */
  name: string;
  /** Only the values that differ from the defaults (what `POST /api/services` carries). */
  values: Record<string, unknown>;
  /** The complete values, hidden fields included (the launcher's `value`; `<atelier-launch-button>` sends none). */
  completeValues?: Record<string, unknown>;
  /** The entry's version, when another than the latest was chosen. */
  version?: string;
}

/**
 * Fired before launching, on the user's submit. Cancelable: a host page that calls
 * `preventDefault()` takes over, and nothing is sent.
 */
export class AtelierLaunchEvent extends CustomEvent<LaunchDetail> {
  static readonly type = 'atelier-launch';
  constructor(detail: LaunchDetail) {
    super(AtelierLaunchEvent.type, { detail, bubbles: true, composed: true, cancelable: true });
  }
}

/** Fired when the BFF accepted a launch (201): `detail.service` is the new service. */
export class AtelierServiceLaunchedEvent extends CustomEvent<{ service: Service }> {
  static readonly type = 'atelier-service-launched';
  constructor(service: Service) {
    super(AtelierServiceLaunchedEvent.type, { detail: { service }, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'atelier-launch': AtelierLaunchEvent;
    'atelier-service-launched': AtelierServiceLaunchedEvent;
  }
}
