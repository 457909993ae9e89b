/**
 * The library's entry (`/atelier.js`): defines every element and registers the default
 * session factory (the HTTP client + OIDC identity), so that an element alone in a page
 * works against the BFF it was loaded from, or the one its `api` attribute names.
 * `/elements/atelier-<name>.js` (components/atelier-<name>.ts) define one element each.
 */
import './http-session-registration.js';

import './app/app.js';
import './catalog/catalog.js';
import './catalog-card/catalog-card.js';
import './files/files.js';
import './launch-button/launch-button.js';
import './launcher/launcher.js';
import './service-card/service-card.js';
import './services/services.js';

// For pages that provide the contexts themselves (`provideAtelier(document.body, …)`),
// or register another session factory.
export { apiContext, configContext, identityContext } from './internal/contexts.js';
export { provideAtelier } from './internal/provide.js';
export { registerSessionFactory, sessionFor } from './internal/session.js';
export { HttpAtelierApi } from './api/http-api.js';
export { ApiRequestError } from './api/errors.js';
// A language the library does not ship, added by the page: `registerLocale('de', messages)`.
export { registerLocale } from './internal/localize.js';
