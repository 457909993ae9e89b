import type { RequestHandler } from 'express';

const LOCAL_PAGE = /^http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?$/;

/**
 * Which page origins may embed the elements: the configured ones, plus any
 * http://localhost:* and http://127.0.0.1:* page in embedded mode.
 */
export function createOriginPolicy(origins: string[], embedded: boolean): (origin: string) => boolean {
  const allowed = new Set(origins.map((origin) => origin.replace(/\/$/, '')));
  return (origin) => allowed.has(origin) || (embedded && LOCAL_PAGE.test(origin));
}

/**
 * CORS for every route, `/atelier.js` and the themes included (module scripts are
 * fetched with CORS). Credentials are never needed: the elements send a bearer token.
 */
export function cors(isAllowed: (origin: string) => boolean): RequestHandler {
  return (req, res, next) => {
    res.vary('Origin');
    const origin = req.headers.origin;
    if (origin && isAllowed(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Accept-Language');
        res.setHeader('Access-Control-Max-Age', '600');
        res.status(204).end();
        return;
      }
    }
    next();
  };
}
