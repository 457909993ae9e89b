/**
 * Onyxia's value references (`x-onyxia.overwriteDefaultWith`, `overwriteListEnumWith`),
 * resolved against a launch context:
 *
 * - `"{{a.b}}"` alone, or a bare path such as `region.resources.cpuRequest`: the value at
 *   that path, whatever its type (a number stays a number, an object an object);
 * - text with references inside (`"{{project.id}}-{{k8s.domain}}"`): each replaced by its
 *   value, which must then be a string, number or boolean;
 * - paths may index arrays (`user.groups[0]`) and quote keys (`a["b.c"]`);
 * - an array or an object: each of its strings that holds `{{…}}` is resolved as above
 *   (`["a", "{{a.b}}"]` → `["a", 42]`), other strings are kept as they are.
 *
 * Anything that does not resolve gives `undefined`, and the caller falls back to `default`.
 */
import { getAt, isPlainObject, type PathSegment } from './paths.js';

const WHOLE = /^\{\{([^}]+)\}\}$/;
const INSIDE = /\{\{([^}]+)\}\}/g;

export function resolveExpression(expression: unknown, context: unknown): unknown {
  if (typeof expression === 'string') return resolveText(expression, context);
  if (!Array.isArray(expression) && !isPlainObject(expression)) return expression;
  let unresolved = false;
  const visit = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const value = node.includes('{{') ? resolveText(node, context) : node;
      if (value === undefined) unresolved = true;
      return value;
    }
    if (Array.isArray(node)) return node.map(visit);
    if (isPlainObject(node)) return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, visit(value)]));
    return node;
  };
  const result = visit(expression);
  return unresolved ? undefined : result;
}

function resolveText(expression: string, context: unknown): unknown {
  const whole = WHOLE.exec(expression.trim());
  if (whole) return lookup(whole[1]!, context);
  if (!expression.includes('{{')) return lookup(expression, context);
  let unresolved = false;
  const text = expression.replace(INSIDE, (_match, reference: string) => {
    const value = lookup(reference, context);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
    unresolved = true;
    return '';
  });
  return unresolved ? undefined : text;
}

function lookup(reference: string, context: unknown): unknown {
  const path = parseReference(reference.trim());
  return path ? getAt(context, path) : undefined;
}

/** `a.b[0]["c.d"]` → `['a', 'b', 0, 'c.d']`; null when it is not a path. */
export function parseReference(reference: string): PathSegment[] | null {
  const path: PathSegment[] = [];
  const token = /([A-Za-z_$][\w$-]*)|\[(\d+)\]|\["([^"]*)"\]|\['([^']*)'\]|(\.)/y;
  let expectName = true;
  while (token.lastIndex < reference.length) {
    const match = token.exec(reference);
    if (!match) return null;
    if (match[5]) {
      if (expectName) return null;
      expectName = true;
    } else if (match[1] !== undefined) {
      if (!expectName) return null;
      path.push(match[1]);
      expectName = false;
    } else {
      if (path.length === 0) return null;
      path.push(match[2] !== undefined ? Number(match[2]) : (match[3] ?? match[4])!);
      expectName = false;
    }
  }
  return path.length > 0 && !expectName ? path : null;
}
