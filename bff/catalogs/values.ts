import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ONYXIA_KEYWORDS } from '../../components/schema/keywords.js';
import { resolveOptions } from '../../components/schema/options.js';
import { deepEqual, getAt, isPlainObject, type PathSegment } from '../../components/schema/paths.js';
import { asSchema, type Schema } from '../../components/schema/types.js';

export type ValueError = { path: string; message: string };

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
/**
 * Draft-07 with Onyxia's keywords declared, strict otherwise (an unknown keyword is an
 * error at load), but lenient on type-less keywords (`uniqueItems` on an item schema,
 * which Onyxia's charts write).
 */
const ajv = addFormats(new Ajv({ allErrors: true, strict: true, strictTypes: false, strictTuples: false, strictRequired: false, allowUnionTypes: true }));
ajv.addVocabulary([...ONYXIA_KEYWORDS]);

const compiled = new Map<string, ValidateFunction>();
const MAX_COMPILED = 200;

/**
 * Checks a schema compiles (unknown keywords, bad patterns…); throws with ajv's message.
 * Catalogs call it at load so a broken entry is found at start, not at launch.
 */
export function checkSchema(schema: Schema): void {
  validatorOf(forValidation(schema, {}));
}

/**
 * The values' problems against the effective schema, for the caller's context: ajv's
 * (types, patterns, ranges, `const`, enums — a field's choices, `listEnum` and resolved
 * `overwriteListEnumWith` included), then read-only fields that differ from their default.
 */
export function validateValues(schema: Schema, values: unknown, context: unknown, defaults: unknown): ValueError[] {
  const check = validatorOf(forValidation(schema, context));
  const errors = check(values) ? [] : byPath((check.errors ?? []).map((error) => describe(error, schema)));
  for (const path of readOnlyPaths(schema)) {
    if (!deepEqual(getAt(values, path), getAt(defaults, path))) {
      const key = path.join('.');
      if (!errors.some((error) => error.path === key)) errors.push({ path: key, message: `${labelOf(schema, path)}: is read-only` });
    }
  }
  return errors;
}

/** One error per path, its problems joined: `GPUs: must be integer; must be 0`. */
function byPath(errors: (ValueError & { label: string })[]): ValueError[] {
  const grouped = new Map<string, { label: string; details: string[] }>();
  for (const error of errors) {
    const group = grouped.get(error.path) ?? { label: error.label, details: [] };
    const detail = error.message.startsWith(`${error.label}: `) ? error.message.slice(error.label.length + 2) : error.message;
    if (!group.details.includes(detail)) group.details.push(detail);
    grouped.set(error.path, group);
  }
  return [...grouped].map(([path, { label, details }]) => ({
    path,
    message: details.length === 1 && !errors.some((e) => e.path === path && e.message.startsWith(`${label}: `)) ? details[0]! : `${label}: ${details.join('; ')}`,
  }));
}

function validatorOf(schema: Schema): ValidateFunction {
  const key = JSON.stringify(schema);
  let check = compiled.get(key);
  if (!check) {
    check = ajv.compile(schema);
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, check);
  }
  return check;
}

/** The schema ajv checks: without `$schema`, and with each field's choices as its `enum`. */
function forValidation(schema: Schema, context: unknown): Schema {
  const visit = (node: unknown, isSchema: boolean): unknown => {
    if (Array.isArray(node)) return node.map((item) => visit(item, isSchema));
    if (!isPlainObject(node)) return node;
    if (!isSchema) return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, visit(value, true)]));
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$schema') continue;
      if (['properties', 'patternProperties', 'definitions', 'dependencies'].includes(key)) result[key] = visit(value, false);
      else if (['items', 'additionalItems', 'additionalProperties', 'contains', 'propertyNames', 'if', 'then', 'else', 'not', 'allOf', 'anyOf', 'oneOf'].includes(key)) {
        result[key] = visit(value, true);
      } else result[key] = value;
    }
    if (node.const === undefined && (node.listEnum !== undefined || node['x-onyxia'] !== undefined)) {
      const options = resolveOptions(node, context);
      if (options) result.enum = options;
    }
    return result;
  };
  return visit(schema, true) as Schema;
}

/** Paths of read-only fields (`readOnly`, `x-onyxia.readonly`) reached through objects' properties. */
function readOnlyPaths(schema: Schema, parent: PathSegment[] = []): PathSegment[][] {
  const properties = asSchema(schema.properties);
  if (!properties) return [];
  return Object.entries(properties).flatMap(([name, child]) => {
    const childSchema = asSchema(child);
    if (!childSchema) return [];
    const path = [...parent, name];
    const onyxia = asSchema(childSchema['x-onyxia']);
    return childSchema.readOnly === true || onyxia?.readonly === true ? [path] : readOnlyPaths(childSchema, path);
  });
}

/** An error a person can read: the field's title when it has one, then what is wrong. */
function describe(error: ErrorObject, schema: Schema): ValueError & { label: string } {
  const segments = error.instancePath.split('/').slice(1).map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (error.keyword === 'additionalProperties') segments.push(String(error.params.additionalProperty));
  if (error.keyword === 'required') segments.push(String(error.params.missingProperty));
  const path = segments.join('.');
  const label = labelOf(schema, segments);
  const allowed = (list: unknown[]) => list.slice(0, 10).map((value) => JSON.stringify(value)).join(', ') + (list.length > 10 ? ', …' : '');
  const message =
    error.keyword === 'additionalProperties' ? `"${path}" is not a setting of this service`
    : error.keyword === 'pattern' ? `${label}: this value is not allowed here`
    : error.keyword === 'const' ? `${label}: must be ${JSON.stringify(error.params.allowedValue)}`
    : error.keyword === 'enum' ? `${label}: must be one of ${allowed(error.params.allowedValues as unknown[])}`
    : error.keyword === 'required' ? `${label}: is required`
    : `${label}: ${error.message ?? 'is not valid'}`;
  return { path, message, label };
}

function labelOf(schema: Schema, segments: readonly PathSegment[]): string {
  let node: Schema | undefined = schema;
  for (const segment of segments) {
    node = asSchema(asSchema(node?.properties)?.[segment]) ?? asSchema(node?.items) ?? asSchema(node?.additionalProperties);
  }
  const title = node && segments.length > 0 && typeof node.title === 'string' && node.title.trim() ? node.title : undefined;
  return title ?? (segments.length > 0 ? segments.join('.') : 'values');
}
