/**
 * Launch links in Onyxia's encoding: a link carries the launcher's catalog and service,
 * the friendly name, the version, `autoLaunch=true` when asked, and only the values that
 * differ from the defaults, one query parameter per leaf:
 *
 *   ?launch=ide/jupyter&name=Thesis&resources.limits.cpu=%C2%AB2000m%C2%BB&git.enabled=false
 *
 * Strings are wrapped in «…» then URI-encoded; numbers, booleans and `null` are written
 * as they are; `-` removes a member; a dot inside a key is written `%5C.` (an escaped
 * backslash then the dot); array items are `key[0]`. Pure.
 */
import { clone, deepEqual, isPlainObject, isUnsafeKey, removeAt, setAt, type Path, type PathSegment } from './paths.js';

export interface Patch {
  path: PathSegment[];
  /** Undefined removes what is at the path. */
  value: unknown;
}

export interface LaunchLink {
  catalog: string;
  service: string;
  /** The friendly name, if the link gives one. */
  name?: string;
  version?: string;
  autoLaunch: boolean;
  patches: Patch[];
}

/** Query keys that are not values. */
const RESERVED = new Set(['launch', 'name', 'version', 'autoLaunch', 'shared', 's3', 'open', 'port']);

/** The patches that turn `defaults` into `values`, leaf by leaf. */
export function leafPatches(defaults: unknown, values: unknown, path: PathSegment[] = []): Patch[] {
  if (deepEqual(defaults, values)) return [];
  if (values === undefined) return defaults === undefined ? [] : [{ path, value: undefined }];
  const sameKind = (isPlainObject(values) && isPlainObject(defaults)) || (Array.isArray(values) && Array.isArray(defaults));
  const isEmpty = isPlainObject(values) ? Object.keys(values).length === 0 : Array.isArray(values) ? values.length === 0 : true;
  if (!sameKind && isEmpty) return [{ path, value: clone(values) }];
  if (!sameKind) return leafPatches(Array.isArray(values) ? [] : {}, values, path); // setting a leaf creates its containers
  const patches: Patch[] = [];
  if (Array.isArray(values) && Array.isArray(defaults)) {
    values.forEach((item, index) => patches.push(...leafPatches(defaults[index], item, [...path, index])));
    for (let index = defaults.length - 1; index >= values.length; index--) patches.push({ path: [...path, index], value: undefined });
    return patches;
  }
  const from = defaults as Record<string, unknown>;
  const to = values as Record<string, unknown>;
  for (const [key, value] of Object.entries(to)) patches.push(...leafPatches(Object.hasOwn(from, key) ? from[key] : undefined, value, [...path, key]));
  for (const key of Object.keys(from)) if (!Object.hasOwn(to, key)) patches.push({ path: [...path, key], value: undefined });
  return patches;
}

export function applyPatches<T>(base: T, patches: readonly Patch[]): T {
  return patches.reduce<T>((current, patch) => (patch.value === undefined ? removeAt(current, patch.path) : setAt(current, patch.path, clone(patch.value))), clone(base));
}

/** The launch link of a form: `base` (the portal's URL) with the query described above. */
export function launchLinkOf(base: string, link: { catalog: string; service: string; name?: string; version?: string; autoLaunch?: boolean; patches: readonly Patch[] }): string {
  const params = [`launch=${encodeURIComponent(link.catalog)}/${encodeURIComponent(link.service)}`];
  if (link.name) params.push(`name=${encodeURIComponent(link.name)}`);
  if (link.version) params.push(`version=${encodeURIComponent(link.version)}`);
  for (const patch of link.patches) params.push(`${encodeKey(patch.path)}=${encodeValue(patch.value)}`);
  if (link.autoLaunch) params.push('autoLaunch=true');
  const url = base.replace(/[?#].*$/, '');
  return `${url}?${params.join('&')}`;
}

/** The launch link in a query string (`?launch=…`), or null when there is none. Unreadable parameters are left out. */
export function parseLaunchLink(search: string): LaunchLink | null {
  const pairs = search
    .replace(/^\?/, '')
    .split('&')
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf('=');
      return at === -1 ? [part, ''] : [part.slice(0, at), part.slice(at + 1)];
    }) as [string, string][];
  const launch = pairs.find(([key]) => key === 'launch')?.[1];
  const target = launch ? /^([a-z0-9][a-z0-9-]{0,63})\/([a-z0-9][a-z0-9-]{0,63})$/.exec(safeDecode(launch) ?? '') : null;
  if (!target) return null;
  const reserved = (key: string) => {
    const raw = pairs.find(([candidate]) => candidate === key)?.[1];
    return raw === undefined ? undefined : safeDecode(raw.replace(/\+/g, ' '));
  };
  const patches: Patch[] = [];
  for (const [key, raw] of pairs) {
    if (RESERVED.has(key)) continue;
    const path = decodeKey(key);
    const value = decodeValue(raw);
    if (path && value.ok && !path.some(isUnsafeKey)) patches.push({ path, value: value.value });
  }
  return {
    catalog: target[1]!,
    service: target[2]!,
    ...(reserved('name') ? { name: reserved('name') } : {}),
    ...(reserved('version') ? { version: reserved('version') } : {}),
    autoLaunch: reserved('autoLaunch') === 'true',
    patches,
  };
}

function encodeKey(path: Path): string {
  return path.reduce<string>((key, segment) => {
    if (typeof segment === 'number') return `${key}[${segment}]`;
    const part = encodeURIComponent(segment).replace(/\./g, '%5C.');
    return key === '' ? part : `${key}.${part}`;
  }, '');
}

function encodeValue(value: unknown): string {
  if (value === undefined) return '-';
  if (value === null) return 'null';
  if (typeof value === 'string') return encodeURIComponent(`«${value}»`);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return encodeURIComponent(JSON.stringify(value)); // an empty object or array
}

function decodeKey(key: string): PathSegment[] | null {
  const placeholder = '\u0000';
  const escaped = key.replace(/%5C\./gi, placeholder).replace(/\\\./g, placeholder);
  const path: PathSegment[] = [];
  for (const part of escaped.split('.')) {
    const match = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) return null;
    if (match[1] !== '') {
      const name = safeDecode(match[1]!.replaceAll(placeholder, '.'));
      if (name === undefined) return null;
      path.push(name);
    } else if (path.length === 0) return null;
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]));
  }
  return path.length > 0 ? path : null;
}

function decodeValue(raw: string): { ok: true; value: unknown } | { ok: false } {
  if (raw === 'true' || raw === 'false') return { ok: true, value: raw === 'true' };
  if (raw === 'null') return { ok: true, value: null };
  if (raw === '-') return { ok: true, value: undefined };
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw)) return { ok: true, value: Number(raw) };
  const text = safeDecode(raw);
  if (text === undefined) return { ok: false };
  const string = /^«([\s\S]*)»$/.exec(text);
  if (string) return { ok: true, value: string[1] };
  if (text === '{}' || text === '[]') return { ok: true, value: text === '{}' ? {} : [] };
  return { ok: false };
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
