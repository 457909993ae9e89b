import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { JsonSchema } from '../../components/api/types.js';

/** Onyxia's keywords beside JSON Schema draft-07: they steer the form, not validation. */
const ONYXIA_KEYWORDS = [
  'x-onyxia',
  'x-security',
  'render',
  'listEnum',
  'hidden',
  'sliderMin',
  'sliderMax',
  'sliderStep',
  'sliderUnit',
  'sliderExtremity',
  'sliderExtremitySemantic',
  'sliderRangeId',
];

export type ValuesValidator = (values: unknown) => { path: string; message: string }[];

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }));
ajv.addVocabulary(ONYXIA_KEYWORDS);

export function compileValuesSchema(schema: JsonSchema): ValuesValidator {
  const { $schema: _ignored, ...rest } = schema;
  const check = ajv.compile(rest);
  return (values) => (check(values) ? [] : (check.errors ?? []).map((error) => describe(error, schema)));
}

/** The values a launch gets when the user changes nothing: every `default`, nested. */
export function defaultsOf(schema: JsonSchema): Record<string, unknown> {
  const value = defaultOf(schema);
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function defaultOf(schema: JsonSchema): unknown {
  if ('const' in schema) return schema.const;
  if ('default' in schema) return structuredClone(schema.default);
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (schema.type === 'object' || properties) {
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(properties ?? {})) {
      const value = defaultOf(child);
      if (value !== undefined) result[key] = value;
    }
    return result;
  }
  return undefined;
}

/** The user's differences laid over the defaults: objects merge, anything else replaces. */
export function mergeValues(base: unknown, changes: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(changes)) return changes === undefined ? structuredClone(base) : structuredClone(changes);
  const result: Record<string, unknown> = structuredClone(base);
  for (const [key, value] of Object.entries(changes)) result[key] = mergeValues(base[key], value);
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An error a person can read: the field's title when it has one, then what is wrong. */
function describe(error: ErrorObject, schema: JsonSchema): { path: string; message: string } {
  const segments = error.instancePath.split('/').slice(1).map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (error.keyword === 'additionalProperties') segments.push(String(error.params.additionalProperty));
  const path = segments.join('.');
  const title = titleAt(schema, segments);
  const label = title ?? (path || 'values');
  const message =
    error.keyword === 'additionalProperties' ? `"${path}" is not a setting of this service`
    : error.keyword === 'pattern' ? `${label}: this value is not allowed here`
    : `${label}: ${error.message ?? 'is not valid'}`;
  return { path, message };
}

function titleAt(schema: JsonSchema, segments: string[]): string | undefined {
  let node: JsonSchema | undefined = schema;
  for (const segment of segments) {
    const properties = node?.properties as Record<string, JsonSchema> | undefined;
    node = properties?.[segment] ?? (node?.items as JsonSchema | undefined);
  }
  return node && segments.length > 0 && typeof node.title === 'string' ? node.title : undefined;
}
