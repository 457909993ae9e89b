/**
 * Differences between values and their defaults, as a launch request carries them, and
 * their merge on the server. The differences are a JSON merge patch (RFC 7396), which is
 * also how Helm lays user values over a chart's: objects merge member by member, anything
 * else (arrays included) replaces, and `null` removes a member the user removed.
 */
import { clone, deepEqual, isPlainObject, isUnsafeKey } from './paths.js';

/** Only what differs from the defaults; a member present in the defaults but absent from the values is `null`. */
export function diffFromDefaults(values: Record<string, unknown>, defaults: Record<string, unknown>): Record<string, unknown> {
  const diff: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue; // a cleared field: its default applies
    const fallback = Object.hasOwn(defaults, name) ? defaults[name] : undefined;
    if (isPlainObject(value) && isPlainObject(fallback)) {
      const nested = diffFromDefaults(value, fallback);
      if (Object.keys(nested).length > 0) diff[name] = nested;
    } else if (!deepEqual(value, fallback)) {
      diff[name] = clone(value);
    }
  }
  for (const name of Object.keys(defaults)) {
    if (!Object.hasOwn(values, name) && defaults[name] !== undefined) diff[name] = null;
  }
  return diff;
}

/** The differences laid over the defaults: objects merge, `null` removes, anything else replaces. */
export function mergeValues(base: unknown, changes: unknown): unknown {
  if (changes === undefined) return clone(base);
  if (!isPlainObject(changes)) return clone(changes);
  const result: Record<string, unknown> = isPlainObject(base) ? clone(base) : {};
  for (const [name, value] of Object.entries(changes)) {
    if (isUnsafeKey(name)) continue; // `{"__proto__": …}` in a request body must not become a prototype
    if (value === null) delete result[name];
    else result[name] = mergeValues(Object.hasOwn(result, name) ? result[name] : undefined, value);
  }
  return result;
}
