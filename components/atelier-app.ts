/**
 * Entry point `/elements/atelier-app.js`: defines <atelier-app> and every element it holds.
 * Several elements on one page: load `/atelier.js` instead, so that they share one sign-in.
 */
import './http-session-registration.js';
import './app/app.js';
