/**
 * Entry point `/elements/atelier-catalog.js`: defines <atelier-catalog> and its cards, alone.
 * Several elements on one page: load `/atelier.js` instead, so that they share one sign-in.
 */
import './http-session-registration.js';
import './catalog/catalog.js';
