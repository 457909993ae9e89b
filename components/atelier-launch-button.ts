/**
 * Entry point `/elements/atelier-launch-button.js`: defines <atelier-launch-button> alone.
 * Several elements on one page: load `/atelier.js` instead, so that they share one sign-in.
 */
import './http-session-registration.js';
import './launch-button/launch-button.js';
