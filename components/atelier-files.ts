/**
 * Entry point `/elements/atelier-files.js`: defines <atelier-files> alone.
 * Several elements on one page: load `/atelier.js` instead, so that they share one sign-in.
 */
import './http-session-registration.js';
import './files/files.js';
