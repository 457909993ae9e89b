import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The catalogs shipped with Atelier (`builtin:<name>` in configuration). */
export const BUILTIN_CATALOGS = join(dirname(fileURLToPath(import.meta.url)), 'builtin');
