import { getAt, isPlainObject } from '../../components/schema/paths.js';
import type { Schema } from '../../components/schema/types.js';
import type { SchemaRegistry } from './schema-registry.js';

export interface EffectiveSchema {
  schema: Schema;
  /** The registry files used, in order: two callers with the same sources have the same effective schema. */
  sources: string[];
}

const MAX_DEPTH = 32;

/**
 * A chart's schema as a caller gets it, the way Onyxia's API resolves it: every subschema
 * with `x-onyxia.overwriteSchemaWith` is replaced by the registry's schema of that name
 * (the caller's role override first), and every `$ref` is inlined — local ones
 * (`#/definitions/…`) from the schema itself, others from the registry. A name the
 * registry does not have keeps the chart's inline schema (a `$ref` then stays as it is).
 */
export function effectiveSchema(schema: Schema, registry: SchemaRegistry, roles: readonly string[]): EffectiveSchema {
  const sources: string[] = [];
  const resolve = (node: unknown, depth: number): unknown => {
    if (Array.isArray(node)) return node.map((item) => resolve(item, depth));
    if (!isPlainObject(node)) return node;
    if (depth > MAX_DEPTH) throw new Error('the schema refers to itself through its references');
    let result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'default' || key === 'const' || key === 'enum' || key === 'listEnum' || key === 'examples') {
        result[key] = value; // data, not schemas
        continue;
      }
      const override = isPlainObject(value) && isPlainObject(value['x-onyxia']) ? value['x-onyxia'].overwriteSchemaWith : undefined;
      const hit = typeof override === 'string' ? registry.lookup(override, roles) : undefined;
      if (hit) sources.push(hit.source);
      result[key] = hit ? withoutSchemaKeyword(resolve(hit.schema, depth + 1)) : resolve(value, depth);
    }
    const reference = result.$ref;
    if (typeof reference === 'string') {
      const target = reference.startsWith('#/') ? getAt(schema, reference.slice(2).split('/').map(unescapePointer)) : registry.lookup(reference, roles)?.schema;
      if (isPlainObject(target)) {
        if (!reference.startsWith('#')) sources.push(`ref:${reference}`);
        const { $ref: _reference, ...siblings } = result;
        result = { ...siblings, ...(withoutSchemaKeyword(resolve(target, depth + 1)) as Record<string, unknown>) };
      }
    }
    return result;
  };
  return { schema: resolve(schema, 0) as Schema, sources };
}

function withoutSchemaKeyword(node: unknown): unknown {
  if (!isPlainObject(node)) return node;
  const { $schema: _schema, ...rest } = node;
  return rest;
}

function unescapePointer(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}
