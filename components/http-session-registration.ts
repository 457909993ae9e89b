/**
 * Registers the HTTP session factory (the HTTP client + OIDC identity), so that an
 * element alone in a page works against the BFF it was loaded from, or the one its `api`
 * attribute names. Every entry point imports it first.
 */
import { createHttpSession } from './api/http-session.js';
import { registerSessionFactory } from './internal/session.js';

registerSessionFactory(createHttpSession);
