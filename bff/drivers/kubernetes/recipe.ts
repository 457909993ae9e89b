import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import type { Localized } from '../../i18n/localized.js';

/**
 * How the Kubernetes driver runs a catalog entry: its `kubernetes.json`. Strings may hold
 * the placeholders of the local recipe (bff/drivers/local/templates.ts): `{{token}}`,
 * `{{port}}` (the first port), `{{home}}` (the home volume's mount path), `{{workdir}}`, `{{basePath}}`
 * and `{{values.<dotted.path>}}` — so resources and sizes can come from the validated values.
 *
 * ```json
 * {
 *   "image": "python:3.12-slim",
 *   "command": ["sh", "-c", "mkdir -p \"$ATELIER_WORKDIR\" && exec python3 -m http.server 8000 --directory \"$ATELIER_WORKDIR\""],
 *   "env": { "ATELIER_WORKDIR": "{{workdir}}" },
 *   "workdir": "{{values.folder}}",
 *   "ports": [{ "port": 8000, "name": { "en": "Files", "fr": "Fichiers" }, "health": "/" }],
 *   "resources": { "requests": { "cpu": "100m", "memory": "128Mi" }, "limits": { "memory": "{{values.resources.memory}}" } },
 *   "home": { "mountPath": "/home/atelier", "size": "1Gi" },
 *   "securityContext": { "runAsUser": 1000, "runAsGroup": 1000, "fsGroup": 1000 }
 * }
 * ```
 */
export interface KubernetesRecipe {
  image: string;
  /** The container's entrypoint; the image's own when absent. */
  command?: string[];
  args?: string[];
  /** Environment variables; they are written to the service's Secret, never into the Deployment. */
  env?: Record<string, string>;
  /** The working folder, relative to the home volume (`{{workdir}}` is its absolute path). */
  workdir?: string;
  /** The container ports; `health` is the readiness probe's HTTP path; `headers` the proxy presents upstream. */
  ports: { port: number; name: Localized; health?: string; headers?: Record<string, string>; stripPrefix?: boolean }[];
  /** Quantities (`500m`, `1Gi`); one that renders empty is left out. */
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  /** The persistent home folder: a PVC of `size` (else the configured default) mounted at `mountPath`. */
  home: { mountPath: string; size?: string };
  securityContext?: { runAsUser?: number; runAsGroup?: number; fsGroup?: number };
}

const quantities = { type: 'object', additionalProperties: { type: 'string', maxLength: 200 } } as const;

const recipeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['image', 'ports', 'home'],
  properties: {
    image: { type: 'string', minLength: 1, maxLength: 500 },
    command: { type: 'array', items: { type: 'string' } },
    args: { type: 'array', items: { type: 'string' } },
    env: { type: 'object', additionalProperties: { type: 'string' }, propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' } },
    workdir: { type: 'string' },
    ports: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['port', 'name'],
        properties: {
          port: { type: 'integer', minimum: 1, maximum: 65535 },
          name: { anyOf: [{ type: 'string' }, { type: 'object', additionalProperties: { type: 'string' } }] },
          health: { type: 'string', pattern: '^/' },
          headers: { type: 'object', additionalProperties: { type: 'string' } },
          stripPrefix: { type: 'boolean' },
        },
      },
    },
    resources: { type: 'object', additionalProperties: false, properties: { requests: quantities, limits: quantities } },
    home: {
      type: 'object',
      additionalProperties: false,
      required: ['mountPath'],
      properties: { mountPath: { type: 'string', pattern: '^/[^\\s]*$' }, size: { type: 'string' } },
    },
    securityContext: {
      type: 'object',
      additionalProperties: false,
      properties: { runAsUser: { type: 'integer', minimum: 0 }, runAsGroup: { type: 'integer', minimum: 0 }, fsGroup: { type: 'integer', minimum: 0 } },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true, strict: true }).compile<KubernetesRecipe>(recipeSchema);

/** Checks a recipe; throws a message naming each problem. */
export function checkKubernetesRecipe(recipe: unknown, where = 'kubernetes.json'): KubernetesRecipe {
  if (validate(recipe)) return recipe;
  const problems = (validate.errors ?? []).map((error) => `${error.instancePath || '(top level)'} ${error.message}`);
  throw new Error(`${where} is not a valid Kubernetes recipe: ${problems.join('; ')}`);
}

/** An entry folder's `kubernetes.json`, checked; null when the entry has none. */
export async function readKubernetesRecipe(folder: string): Promise<KubernetesRecipe | null> {
  const file = join(folder, 'kubernetes.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`Cannot read ${file}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  return checkKubernetesRecipe(parsed, file);
}
