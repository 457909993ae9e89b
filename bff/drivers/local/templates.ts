/**
 * The `{{…}}` placeholders of a local recipe (args, env, workdir, headers):
 * `{{port}}`, `{{token}}`, `{{home}}`, `{{workdir}}`, `{{basePath}}` (the URL path users reach the
 * first port under: `/`, or `/s/<id>/<port>/` with path routing) and `{{values.<dotted.path>}}`.
 * Pure: no I/O, unit-tested alone.
 */

/** What placeholders may name; nested objects are reached with dotted paths. */
export type TemplateVariables = Record<string, unknown>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*)\s*\}\}/g;

/**
 * Replaces every placeholder of `template`. A name whose first part is not a variable is a
 * mistake in the recipe and throws; a missing or null value below a variable (an optional
 * launch value left out) becomes an empty string. Strings, numbers and booleans are written
 * as they are, objects and arrays as JSON.
 */
export function render(template: string, variables: TemplateVariables): string {
  return template.replace(PLACEHOLDER, (_match, path: string) => {
    const [head = '', ...rest] = path.split('.');
    if (!Object.hasOwn(variables, head)) {
      throw new Error(`The recipe uses {{${path}}}, but "${head}" is not one of ${Object.keys(variables).map((name) => `{{${name}}}`).join(', ')}.`);
    }
    let value: unknown = variables[head];
    for (const key of rest) {
      value = value !== null && typeof value === 'object' && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
    }
    return textOf(value);
  });
}

/** Renders every value of a record of templates (env, headers). */
export function renderAll(templates: Record<string, string> | undefined, variables: TemplateVariables): Record<string, string> {
  return Object.fromEntries(Object.entries(templates ?? {}).map(([name, template]) => [name, render(template, variables)]));
}

function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}
