// <atelier-launch-button> fires the launcher's events: `atelier-launch` (cancelable,
// values always {}: the defaults) and `atelier-service-launched`.
export { AtelierLaunchEvent, AtelierServiceLaunchedEvent } from '../launcher/launcher.events.js';
