/**
 * Entry point `/elements/atelier-launcher.js`: defines <atelier-launcher> alone (its form kit is
 * loaded on demand, from /form-kit.js).
 * Several elements on one page: load `/atelier.js` instead, so that they share one sign-in.
 */
import './http-session-registration.js';
import './launcher/launcher.js';
