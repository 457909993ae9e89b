/**
 * Everything the launcher needs once it shows a form: the form state over the pure
 * schema modules of Onyxia's dialect (field model, defaults, expressions, validation,
 * YAML, launch links). Loaded on first use as a chunk of its own beside /atelier.js
 * (see kit-loader.ts), so a page that only shows the catalog never downloads it.
 * Nothing here imports Lit: rendering stays in fields.ts.
 */
export { LaunchForm } from './launch-form.js';
export { emptyContext } from '../schema/context.js';
export { unknownKeywords } from '../schema/keywords.js';
export { applyPatches, launchLinkOf, leafPatches, parseLaunchLink } from '../schema/launch-link.js';
