/**
 * JSON Schema (draft-07, as the BFF gives it) → a model of the launch form, plus the
 * value helpers the form needs. Pure: no DOM, no Lit — unit-tested alone, and the place
 * where the rest of Onyxia's dialect (`x-onyxia` overwrites, `listEnum`, sliders, hidden
 * with path…) will be added: each keyword maps onto the field model, not onto templates.
 */
import type { JsonSchema } from '../api/types.js';

export interface FieldBase {
  /** Property names from the root: `['resources', 'cpu']`. */
  path: string[];
  /** The dotted path the BFF uses in `errors[].path`: `resources.cpu`. */
  key: string;
  title: string;
  description: string | undefined;
  required: boolean;
  readOnly: boolean;
  /** Not shown; its value still travels (its default, usually). */
  hidden: boolean;
  default: unknown;
}

export interface TextField extends FieldBase {
  kind: 'string';
  pattern: string | undefined;
  minLength: number | undefined;
  maxLength: number | undefined;
  format: string | undefined;
  /** A long text (Onyxia `render: textArea`). */
  multiline: boolean;
  /** A secret (Onyxia `render: password`). */
  secret: boolean;
}

export interface NumberField extends FieldBase {
  kind: 'number' | 'integer';
  minimum: number | undefined;
  maximum: number | undefined;
  exclusiveMinimum: number | undefined;
  exclusiveMaximum: number | undefined;
  multipleOf: number | undefined;
}

export interface BooleanField extends FieldBase {
  kind: 'boolean';
}

export interface ChoiceField extends FieldBase {
  kind: 'enum';
  options: { value: unknown; label: string }[];
}

export interface GroupField extends FieldBase {
  kind: 'group';
  fields: Field[];
}

/** A schema this release cannot edit (arrays, maps…): its default is kept as is. */
export interface UnsupportedField extends FieldBase {
  kind: 'unsupported';
  type: string;
}

export type Field = TextField | NumberField | BooleanField | ChoiceField | GroupField | UnsupportedField;

export type Problem =
  | { kind: 'required' | 'pattern' | 'integer' | 'number' | 'enum' | 'type' }
  | { kind: 'minLength' | 'maxLength' | 'minimum' | 'maximum'; limit: number };

type Schema = Record<string, unknown>;

/** The fields of an object schema's properties, in declaration order. */
export function fieldsFromSchema(schema: JsonSchema): Field[] {
  return propertyFields(schema, []);
}

function propertyFields(schema: Schema, parent: string[]): Field[] {
  const properties = asSchema(schema.properties);
  if (!properties) return [];
  const required = Array.isArray(schema.required) ? schema.required.filter((name) => typeof name === 'string') : [];
  return Object.entries(properties).flatMap(([name, child]) => {
    const childSchema = asSchema(child);
    return childSchema ? [fieldFromSchema(childSchema, [...parent, name], required.includes(name))] : [];
  });
}

function fieldFromSchema(schema: Schema, path: string[], required: boolean): Field {
  const onyxia = asSchema(schema['x-onyxia']) ?? {};
  const base: FieldBase = {
    path,
    key: path.join('.'),
    title: text(schema.title) ?? humanize(path[path.length - 1] ?? ''),
    description: text(schema.description),
    required,
    readOnly: schema.readOnly === true || onyxia.readonly === true,
    hidden: onyxia.hidden === true,
    default: schema.default,
  };
  const type = schemaType(schema);
  if (Array.isArray(schema.enum)) {
    return { ...base, kind: 'enum', options: schema.enum.map((value) => ({ value, label: optionLabel(value) })) };
  }
  switch (type) {
    case 'string':
      return {
        ...base,
        kind: 'string',
        pattern: text(schema.pattern),
        minLength: count(schema.minLength),
        maxLength: count(schema.maxLength),
        format: text(schema.format),
        multiline: schema.render === 'textArea',
        secret: schema.render === 'password',
      };
    case 'integer':
    case 'number':
      return {
        ...base,
        kind: type,
        minimum: finite(schema.minimum),
        maximum: finite(schema.maximum),
        exclusiveMinimum: finite(schema.exclusiveMinimum),
        exclusiveMaximum: finite(schema.exclusiveMaximum),
        multipleOf: finite(schema.multipleOf),
      };
    case 'boolean':
      return { ...base, kind: 'boolean' };
    case 'object':
      if (asSchema(schema.properties)) return { ...base, kind: 'group', fields: propertyFields(schema, path) };
      return { ...base, kind: 'unsupported', type: 'object' };
    default:
      return { ...base, kind: 'unsupported', type: type ?? 'unknown' };
  }
}

function schemaType(schema: Schema): string | undefined {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((candidate): candidate is string => typeof candidate === 'string' && candidate !== 'null');
  if (asSchema(schema.properties)) return 'object';
  return undefined;
}

/** The problem with a field's value, or null. Hidden, read-only and unsupported fields are the server's business. */
export function validateField(field: Field, value: unknown): Problem | null {
  if (field.hidden || field.readOnly || field.kind === 'group' || field.kind === 'unsupported') return null;
  if (value === undefined || value === null) return field.required ? { kind: 'required' } : null;
  switch (field.kind) {
    case 'string': {
      if (typeof value !== 'string') return { kind: 'type' };
      const length = [...value].length;
      if (field.minLength !== undefined && length < field.minLength) {
        return value === '' && field.required ? { kind: 'required' } : { kind: 'minLength', limit: field.minLength };
      }
      if (field.maxLength !== undefined && length > field.maxLength) return { kind: 'maxLength', limit: field.maxLength };
      const pattern = field.pattern === undefined ? null : compilePattern(field.pattern);
      if (pattern && !pattern.test(value)) return { kind: 'pattern' };
      return null;
    }
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return { kind: 'number' };
      if (field.kind === 'integer' && !Number.isInteger(value)) return { kind: 'integer' };
      if (field.minimum !== undefined && value < field.minimum) return { kind: 'minimum', limit: field.minimum };
      if (field.exclusiveMinimum !== undefined && value <= field.exclusiveMinimum) return { kind: 'minimum', limit: field.exclusiveMinimum };
      if (field.maximum !== undefined && value > field.maximum) return { kind: 'maximum', limit: field.maximum };
      if (field.exclusiveMaximum !== undefined && value >= field.exclusiveMaximum) return { kind: 'maximum', limit: field.exclusiveMaximum };
      return null;
    }
    case 'boolean':
      return typeof value === 'boolean' ? null : { kind: 'type' };
    case 'enum':
      return field.options.some((option) => deepEqual(option.value, value)) ? null : { kind: 'enum' };
  }
}

/** Every problem of a form's values, by field key. */
export function validateValues(fields: readonly Field[], values: Record<string, unknown>): Map<string, Problem> {
  const problems = new Map<string, Problem>();
  const visit = (list: readonly Field[]) => {
    for (const field of list) {
      if (field.kind === 'group') {
        if (!field.hidden) visit(field.fields);
        continue;
      }
      const problem = validateField(field, getValue(values, field.path));
      if (problem) problems.set(field.key, problem);
    }
  };
  visit(fields);
  return problems;
}

/**
 * The value an input's text stands for: numbers parsed (empty → undefined; unparsable
 * text is kept, so validation can say so), booleans as they are, an enum's option by its
 * index, text as it is.
 */
export function parseInput(field: Field, raw: string | boolean): unknown {
  if (field.kind === 'boolean') return raw === true || raw === 'true';
  if (field.kind === 'enum') return typeof raw === 'string' && /^\d+$/.test(raw) ? field.options[Number(raw)]?.value : undefined;
  if (field.kind === 'integer' || field.kind === 'number') {
    if (typeof raw !== 'string' || raw.trim() === '') return undefined;
    const value = Number(raw);
    return Number.isFinite(value) ? value : raw;
  }
  return raw;
}

/** The field a BFF error path (`resources.cpu`, `/resources/cpu`, `resources[0]`) points at, if any. */
export function fieldForPath(fields: readonly Field[], path: string): Field | undefined {
  const key = path.replace(/^[/.]+/, '').replace(/\//g, '.').replace(/\[(\d+)\]/g, '.$1');
  let best: Field | undefined;
  const visit = (list: readonly Field[]) => {
    for (const field of list) {
      if (key === field.key || key.startsWith(`${field.key}.`)) {
        if (!best || field.key.length > best.key.length) best = field;
      }
      if (field.kind === 'group') visit(field.fields);
    }
  };
  visit(fields);
  return best && !best.hidden ? best : undefined;
}

export function getValue(values: unknown, path: readonly string[]): unknown {
  let current = values;
  for (const name of path) {
    if (!isPlainObject(current)) return undefined;
    current = current[name];
  }
  return current;
}

/** A copy of `values` with `path` set (intermediate objects created or copied). */
export function setValue(values: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const [name, ...rest] = path;
  if (name === undefined) return values;
  const child = rest.length === 0 ? value : setValue(isPlainObject(values[name]) ? values[name] : {}, rest, value);
  return { ...values, [name]: child };
}

/**
 * Only what differs from the defaults: nested objects compared member by member, arrays
 * and other values as a whole; undefined values (cleared fields) are left out.
 */
export function diffFromDefaults(values: Record<string, unknown>, defaults: Record<string, unknown>): Record<string, unknown> {
  const diff: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const fallback = defaults[name];
    if (isPlainObject(value) && isPlainObject(fallback)) {
      const nested = diffFromDefaults(value, fallback);
      if (Object.keys(nested).length > 0) diff[name] = nested;
    } else if (!deepEqual(value, fallback)) {
      diff[name] = value;
    }
  }
  return diff;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && deepEqual(a[key], b[key]));
  }
  return false;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const patterns = new Map<string, RegExp | null>();

/** A schema pattern as a RegExp (Unicode mode, as JSON Schema wants), or null if JS cannot compile it. */
export function compilePattern(pattern: string): RegExp | null {
  if (!patterns.has(pattern)) {
    let compiled: RegExp | null = null;
    for (const flags of ['u', '']) {
      try {
        compiled = new RegExp(pattern, flags);
        break;
      } catch {
        // try the next flags; the server validates anyway
      }
    }
    patterns.set(pattern, compiled);
  }
  return patterns.get(pattern) ?? null;
}

function asSchema(value: unknown): Schema | undefined {
  return isPlainObject(value) ? value : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function optionLabel(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `cpuLimit` / `cpu_limit` / `cpu-limit` → `Cpu limit`. */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
