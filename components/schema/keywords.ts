/**
 * The keywords a values schema may use: JSON Schema draft-07, and Onyxia's dialect on top.
 * The BFF declares the dialect's keywords to ajv (strict otherwise), and the launch form
 * reports any other keyword it meets, so a typo in a catalog is seen rather than ignored.
 */
import { isPlainObject } from './paths.js';

export const ONYXIA_KEYWORDS = [
  'x-onyxia',
  'x-security',
  'x-form',
  'form',
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
] as const;

const DRAFT_07 = [
  '$schema', '$id', '$ref', '$comment', 'definitions', 'title', 'description', 'default', 'examples', 'readOnly', 'writeOnly',
  'type', 'enum', 'const', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength',
  'pattern', 'format', 'contentMediaType', 'contentEncoding', 'items', 'additionalItems', 'maxItems', 'minItems', 'uniqueItems',
  'contains', 'maxProperties', 'minProperties', 'required', 'properties', 'patternProperties', 'additionalProperties',
  'dependencies', 'propertyNames', 'if', 'then', 'else', 'allOf', 'anyOf', 'oneOf', 'not',
];

const KNOWN = new Set<string>([...DRAFT_07, ...ONYXIA_KEYWORDS]);
/** Keywords whose value is a map of names to subschemas. */
const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', 'dependencies'];
/** Keywords whose value is a subschema (or a list of them). */
const SCHEMAS = ['items', 'additionalItems', 'additionalProperties', 'contains', 'propertyNames', 'if', 'then', 'else', 'not', 'allOf', 'anyOf', 'oneOf'];

/** Every keyword of `schema` (at any depth) that is neither draft-07 nor Onyxia's, with where it is: `properties.a.colour`. */
export function unknownKeywords(schema: unknown, at = ''): string[] {
  if (!isPlainObject(schema)) return [];
  const found: string[] = [];
  const where = (key: string) => (at ? `${at}.${key}` : key);
  for (const [key, value] of Object.entries(schema)) {
    if (!KNOWN.has(key)) found.push(where(key));
    else if (SCHEMA_MAPS.includes(key) && isPlainObject(value)) {
      for (const [name, child] of Object.entries(value)) found.push(...unknownKeywords(child, where(`${key}.${name}`)));
    } else if (SCHEMAS.includes(key)) {
      const children = Array.isArray(value) ? value : [value];
      children.forEach((child, index) => found.push(...unknownKeywords(child, where(Array.isArray(value) ? `${key}.${index}` : key))));
    }
  }
  return found;
}
