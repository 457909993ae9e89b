/**
 * Entry point `/elements/atelier-services.js`: defines <atelier-services> and its cards, alone.
 * Several elements on one page: load `/atelier.js` instead, so that they share one sign-in.
 */
import './http-session-registration.js';
import './services/services.js';
