import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Schema } from '../../components/schema/types.js';

/** Onyxia's own registry, shipped with Atelier (see registry/README.md). */
export const BUILTIN_REGISTRY = join(dirname(fileURLToPath(import.meta.url)), 'registry');

export interface RegistryHit {
  schema: Schema;
  /** Where it came from, e.g. `external:roles/gpu/ide/resources.json`: part of the cache key of effective schemas. */
  source: string;
}

/**
 * The schemas `x-onyxia.overwriteSchemaWith` and non-local `$ref` name, by relative path
 * (`ide/resources.json`). For a caller with roles, `roles/<role>/<name>` of the external
 * folder comes first (the first of the caller's roles that has one), then the external
 * `<name>`, then the built-in one. Loaded once at start.
 */
export class SchemaRegistry {
  private constructor(
    private readonly builtin: ReadonlyMap<string, Schema>,
    private readonly external: ReadonlyMap<string, Schema>,
  ) {}

  /** Reads the built-in folder and the external one (if any); a file that is not a JSON object stops the start with its path. */
  static async load(external: string | null, builtin = BUILTIN_REGISTRY): Promise<SchemaRegistry> {
    return new SchemaRegistry(await readFolder(builtin), external ? await readFolder(external) : new Map());
  }

  static of(builtin: Record<string, Schema>, external: Record<string, Schema> = {}): SchemaRegistry {
    return new SchemaRegistry(new Map(Object.entries(builtin)), new Map(Object.entries(external)));
  }

  lookup(name: string, roles: readonly string[]): RegistryHit | undefined {
    if (!isSafeName(name)) return undefined;
    for (const role of roles) {
      if (!/^[\w.-]{1,100}$/.test(role) || role.startsWith('.')) continue;
      const schema = this.external.get(`roles/${role}/${name}`);
      if (schema) return { schema, source: `external:roles/${role}/${name}` };
    }
    const external = this.external.get(name);
    if (external) return { schema: external, source: `external:${name}` };
    const builtin = this.builtin.get(name);
    return builtin ? { schema: builtin, source: `builtin:${name}` } : undefined;
  }
}

/** A relative path without `..`, absolute parts or backslashes. */
function isSafeName(name: string): boolean {
  return /^[\w.-]+(\/[\w.-]+)*$/.test(name) && !name.split('/').some((part) => part === '..' || part === '.');
}

async function readFolder(root: string): Promise<Map<string, Schema>> {
  const schemas = new Map<string, Schema>();
  let entries;
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw new Error(`Cannot read the schema folder ${root}: ${(error as Error).message}`);
  }
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
    const file = join(entry.parentPath, entry.name);
    let schema: unknown;
    try {
      schema = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
    }
    if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) throw new Error(`${file} is not a JSON Schema (an object)`);
    schemas.set(relative(root, file).split(sep).join('/'), schema as Schema);
  }
  return schemas;
}
