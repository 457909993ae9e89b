/**
 * Whether a field is hidden, as Onyxia decides it, for the values as they are now:
 * `hidden: true`, `x-onyxia.hidden: true`, or `hidden: {value, path, isPathRelative}` —
 * hidden while the value at `path` (slash-separated; from the root, or from the field's
 * parent when `isPathRelative`) equals `value`. A hidden field's value still travels.
 */
import { deepEqual, getAt, type Path } from './paths.js';
import { asSchema, xOnyxia, type Schema } from './types.js';

export function isHidden(schema: Schema, path: Path, values: unknown): boolean {
  if (xOnyxia(schema).hidden === true) return true;
  const hidden = schema.hidden;
  if (hidden === true) return true;
  const condition = asSchema(hidden);
  if (!condition || typeof condition.path !== 'string') return false;
  const target = condition.path.split('/').filter((segment) => segment !== '');
  const absolute = condition.isPathRelative === true ? [...path.slice(0, -1), ...target] : target;
  return deepEqual(condition.value, getAt(values, absolute));
}
