/**
 * The choices of a field, as Onyxia resolves them: `x-onyxia.overwriteListEnumWith` (a
 * reference into the launch context) when it gives a non-empty list, else `listEnum`
 * (which wins over `enum`), else `enum`. Options of the wrong type are dropped, or
 * replaced by a close value (`"2"` for an integer field).
 */
import { resolveExpression } from './expressions.js';
import { fitType, xOnyxia, type Schema } from './types.js';

export function resolveOptions(schema: Schema, context: unknown): unknown[] | undefined {
  const overwrite = xOnyxia(schema).overwriteListEnumWith;
  if (overwrite !== undefined) {
    const resolved = resolveExpression(overwrite, context);
    if (Array.isArray(resolved)) {
      const options = resolved.flatMap((option) => {
        const fit = fitType(schema, option);
        return fit.fits ? [fit.value] : [];
      });
      if (options.length > 0) return options;
    }
  }
  for (const key of ['listEnum', 'enum'] as const) {
    const list = schema[key];
    if (!Array.isArray(list) || list.length === 0) continue;
    if (list.every((option) => fitType(schema, option).fits)) return list;
  }
  return undefined;
}
