import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import { ApiError } from './errors.js';

/** The repository's root: where dist/, themes/ and components/portal/ are. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The files the browser loads from the BFF: `/atelier.js` (and the modules it loads on
 * demand, beside it), the per-element entry points `/elements/atelier-<name>.js`, the
 * themes and their logos at `/themes/<name>.css`, and the portal page at `/`.
 */
export function staticFiles(root = ROOT): Router {
  const router = express.Router();
  const dist = join(root, 'dist');
  router.get('/atelier.js', (_req, _res, next) => {
    if (!existsSync(join(dist, 'atelier.js'))) {
      next(new ApiError(503, 'not_built', 'The elements are not built yet: run npm run build.'));
      return;
    }
    next();
  });
  const options = { index: false, fallthrough: true, etag: true, setHeaders: (res: express.Response) => res.setHeader('Cache-Control', 'no-cache') };
  router.use(express.static(dist, options));
  router.use('/themes', express.static(join(root, 'themes'), options));
  router.get('/', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(root, 'components', 'portal', 'index.html'));
  });
  return router;
}
