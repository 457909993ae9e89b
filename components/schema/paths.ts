/**
 * Values as JSON trees, and paths into them: `['resources', 'limits', 'cpu']`,
 * `['extraEnvVars', 0, 'name']`. Pure helpers shared by the launch form and the BFF; they
 * never mutate their arguments and never follow inherited properties.
 */

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** Names that would reach an object's prototype if assigned: never written, never followed. */
export function isUnsafeKey(key: PathSegment): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype';
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
  }
  return false;
}

/** A deep copy of JSON data (undefined stays undefined). */
export function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** The value at `path`, or undefined when any step is missing. Own properties only. */
export function getAt(root: unknown, path: Path): unknown {
  let current = root;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isPlainObject(current) && Object.hasOwn(current, String(segment))) current = current[String(segment)];
    else return undefined;
  }
  return current;
}

/** A copy of `root` with `value` at `path`; missing containers are created (an array when the next segment is a number). */
export function setAt<T>(root: T, path: Path, value: unknown): T {
  const [head, ...rest] = path;
  if (head === undefined) return value as T;
  if (isUnsafeKey(head)) return root;
  if (typeof head === 'number') {
    const array = Array.isArray(root) ? [...(root as unknown[])] : [];
    array[head] = setAt(array[head], rest, value);
    for (let index = 0; index < array.length; index++) if (!(index in array)) array[index] = null;
    return array as T;
  }
  const object: Record<string, unknown> = isPlainObject(root) ? { ...root } : {};
  object[head] = setAt(object[head], rest, value);
  return object as T;
}

/** A copy of `root` without what is at `path` (an array item is spliced out). */
export function removeAt<T>(root: T, path: Path): T {
  const [head, ...rest] = path;
  if (head === undefined) return root;
  if (Array.isArray(root) && typeof head === 'number') {
    if (head >= root.length) return root;
    const array = [...root];
    if (rest.length === 0) array.splice(head, 1);
    else array[head] = removeAt(array[head], rest);
    return array as T;
  }
  if (!isPlainObject(root) || !Object.hasOwn(root, String(head))) return root;
  const object: Record<string, unknown> = { ...root };
  if (rest.length === 0) delete object[String(head)];
  else object[String(head)] = removeAt(object[String(head)], rest);
  return object as T;
}

/** The dotted key of a path, as the BFF names fields in `errors[].path`: `extraEnvVars.0.name`. */
export function keyOf(path: Path): string {
  return path.join('.');
}

/** The path a BFF error names (`a.b`, `/a/b`, `a[0].b`), split into segments. */
export function pathOfKey(key: string): string[] {
  return key
    .replace(/^[/.]+/, '')
    .replace(/\//g, '.')
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((segment) => segment !== '');
}
