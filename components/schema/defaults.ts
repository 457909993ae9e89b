/**
 * The values a launch form starts from, as Onyxia computes them, field by field:
 *
 *   const  >  x-onyxia.overwriteDefaultWith  >  default  >  values.yaml
 *
 * An object with `properties` is made of its properties' values. A reference that does not
 * resolve (or resolves to a value of the wrong type) falls back to the next source. When
 * a reference gives an array for an array of objects, each item's properties default to
 * `{{<their own name>}}` read from that item (Onyxia's item mapping). An array with
 * nothing else to go on gets `minItems` default items.
 *
 * Pure: the BFF and the form compute the same defaults from the same schema and context.
 */
import { resolveExpression } from './expressions.js';
import { resolveOptions } from './options.js';
import { clone, deepEqual, isPlainObject, isUnsafeKey } from './paths.js';
import { asSchema, count, fitType, typeOf, xOnyxia, type Schema } from './types.js';

/** The defaults of a whole values schema (an object), laid over nothing. */
export function computeDefaults(schema: Schema, context: unknown, valuesYaml?: unknown): Record<string, unknown> {
  const value = defaultOf(schema, context, valuesYaml);
  return isPlainObject(value) ? value : {};
}

/** The default of one (sub)schema, or undefined when it has none. */
export function defaultOf(schema: Schema, context: unknown, valuesYaml?: unknown): unknown {
  if (schema.const !== undefined) return clone(schema.const);
  const type = typeOf(schema);
  const properties = asSchema(schema.properties);
  if (type === 'object' && properties) {
    const yaml = isPlainObject(valuesYaml) ? valuesYaml : {};
    const result: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(properties)) {
      const childSchema = asSchema(child);
      if (!childSchema || isUnsafeKey(name)) continue;
      const value = defaultOf(childSchema, context, Object.hasOwn(yaml, name) ? yaml[name] : undefined);
      if (value !== undefined) result[name] = value;
    }
    return result;
  }
  const candidates: (() => unknown)[] = [
    () => fromReference(schema, context),
    () => clone(schema.default),
    () => clone(valuesYaml),
  ];
  for (const candidate of candidates) {
    const value = candidate();
    if (value === undefined) continue;
    const fit = fitType(schema, value);
    if (fit.fits && isAllowed(schema, fit.value, context)) return fit.value;
  }
  if (type === 'array') return minItemsDefault(schema, context);
  return undefined;
}

/** The value a new item of an array starts with: its schema's default, else an empty value of its type. */
export function newItemOf(arraySchema: Schema, context: unknown): unknown {
  const items = asSchema(arraySchema.items) ?? {};
  const value = defaultOf(items, context);
  if (value !== undefined) return value;
  const options = resolveOptions(items, context);
  if (options) return clone(options[0]);
  switch (typeOf(items)) {
    case 'string':
      return '';
    case 'number':
    case 'integer':
      return finite(items.minimum) ?? 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    default:
      return {};
  }
}

function fromReference(schema: Schema, context: unknown): unknown {
  const reference = xOnyxia(schema).overwriteDefaultWith;
  if (reference === undefined) return undefined;
  const resolved = resolveExpression(reference, context);
  if (resolved === undefined) return undefined;
  const items = asSchema(schema.items);
  const itemProperties = items && asSchema(items.properties);
  if (typeOf(schema) !== 'array' || !Array.isArray(resolved) || !items || !itemProperties) return clone(resolved);
  // Item mapping: each property of an item reads `{{<its name>}}` from that item, unless it says otherwise.
  const mapped: Schema = { ...items, properties: {} };
  for (const [name, child] of Object.entries(itemProperties)) {
    const childSchema = asSchema(child) ?? {};
    const onyxia = xOnyxia(childSchema);
    (mapped.properties as Schema)[name] = { ...childSchema, 'x-onyxia': { ...onyxia, overwriteDefaultWith: onyxia.overwriteDefaultWith ?? `{{${name}}}` } };
  }
  const result: unknown[] = [];
  for (const item of resolved) {
    if (!isPlainObject(item)) return clone(resolved);
    result.push(defaultOf(mapped, overlay(context, item)));
  }
  return result;
}

/** The context, with an array item's own keys in front (as Onyxia's proxy does). */
function overlay(context: unknown, item: Record<string, unknown>): Record<string, unknown> {
  return { ...(isPlainObject(context) ? context : {}), ...item };
}

function isAllowed(schema: Schema, value: unknown, context: unknown): boolean {
  const options = resolveOptions(schema, context);
  return !options || options.some((option) => deepEqual(option, value));
}

function minItemsDefault(schema: Schema, context: unknown): unknown[] {
  const minItems = count(schema.minItems) ?? 0;
  return Array.from({ length: minItems }, () => newItemOf(schema, context));
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
