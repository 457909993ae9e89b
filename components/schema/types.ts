import { isPlainObject } from './paths.js';

/** A (sub)schema of a values schema: JSON Schema draft-07 in Onyxia's dialect. */
export type Schema = Record<string, unknown>;

export type JsonType = 'object' | 'array' | 'string' | 'boolean' | 'integer' | 'number' | 'null';

export function asSchema(value: unknown): Schema | undefined {
  return isPlainObject(value) ? value : undefined;
}

/** The schema's type: its `type` (the first non-null one of a list), else what its keywords imply. */
export function typeOf(schema: Schema): JsonType | undefined {
  const type = schema.type;
  if (typeof type === 'string') return type as JsonType;
  if (Array.isArray(type)) {
    const found = type.find((candidate) => typeof candidate === 'string' && candidate !== 'null');
    if (found) return found as JsonType;
  }
  if (asSchema(schema.properties) || asSchema(schema.additionalProperties)) return 'object';
  if (schema.items !== undefined) return 'array';
  return undefined;
}

/** The `x-onyxia` block, or an empty one. */
export function xOnyxia(schema: Schema): Record<string, unknown> {
  return asSchema(schema['x-onyxia']) ?? {};
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/**
 * Whether `value` has the schema's type; when it does not but a close value does
 * (`"2"` for a number, `2` for a string, `"true"` for a boolean), that value.
 */
export function fitType(schema: Schema, value: unknown): { fits: true; value: unknown } | { fits: false } {
  const type = typeOf(schema);
  const types = Array.isArray(schema.type) ? (schema.type as unknown[]) : type ? [type] : [];
  if (types.length === 0 || types.some((candidate) => hasType(value, candidate))) return { fits: true, value };
  if (type === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return { fits: true, value: String(value) };
  if ((type === 'number' || type === 'integer') && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    const number = Number(value);
    if (type === 'number' || Number.isInteger(number)) return { fits: true, value: number };
  }
  if (type === 'boolean' && (value === 'true' || value === 'false')) return { fits: true, value: value === 'true' };
  return { fits: false };
}

function hasType(value: unknown, type: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return isPlainObject(value);
    case 'array':
      return Array.isArray(value);
    case 'null':
      return value === null;
    default:
      return false;
  }
}
