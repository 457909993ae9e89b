import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Schema } from '../../components/schema/types.js';
import type { Localized } from '../i18n/localized.js';
import { readKubernetesRecipe } from '../drivers/kubernetes/recipe.js';
import type { ReadmeTemplate } from '../services/readme.js';
import type { Catalog, CatalogEntry, CatalogSource, LoadOptions, LocalRecipe } from './catalog.js';

/**
 * A folder catalog: `catalog.json` (name, description) and one folder per entry with
 * `entry.json` (name, description, icon, category, version, highlighted, readme, idleTimeout),
 * `values.schema.json`, an optional `values.yaml`-like `values.json`, `local.json`
 * (the local driver's recipe) and `kubernetes.json` (the Kubernetes driver's).
 */
export async function loadFolderCatalog(source: CatalogSource, folder: string, options: LoadOptions): Promise<Catalog> {
  const meta = await readJson<{ name: Localized; description?: Localized }>(join(folder, 'catalog.json'));
  const names = (await readdir(folder, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const entries = await Promise.all(names.map((name) => loadEntry(source, name, join(folder, name), options)));
  return {
    id: source.id,
    name: source.name ?? meta.name,
    description: source.description ?? meta.description ?? '',
    kind: 'folder',
    entries,
    version: async (entry, version) => (version === entry.version ? entry : undefined),
  };
}

async function loadEntry(source: CatalogSource, id: string, folder: string, options: LoadOptions): Promise<CatalogEntry> {
  const meta = await readJson<{
    name: Localized;
    description: Localized;
    icon?: string;
    category?: string;
    version?: string;
    highlighted?: boolean;
    readme?: ReadmeTemplate;
    idleTimeout?: number;
  }>(join(folder, 'entry.json'));
  if (meta.idleTimeout !== undefined && !(typeof meta.idleTimeout === 'number' && meta.idleTimeout >= 0)) {
    throw new Error(`${join(folder, 'entry.json')}: idleTimeout must be a number of minutes (0: never).`);
  }
  const schema = await readJson<Schema>(join(folder, 'values.schema.json'));
  const local = await optionalJson<LocalRecipe>(join(folder, 'local.json'));
  const kubernetes = await readKubernetesRecipe(folder);
  const valuesYaml = await optionalJson<unknown>(join(folder, 'values.json'));
  try {
    options.check?.(schema);
  } catch (error) {
    throw new Error(`${join(folder, 'values.schema.json')}: ${(error as Error).message}`);
  }
  const version = meta.version ?? '';
  return {
    id,
    catalog: source.id,
    name: meta.name,
    description: meta.description,
    icon: meta.icon ? await iconOf(folder, meta.icon) : null,
    category: meta.category ?? 'other',
    version,
    versions: version ? [version] : [],
    highlighted: meta.highlighted === true || (source.highlighted ?? []).includes(id),
    kind: 'folder',
    schema,
    valuesYaml: valuesYaml ?? undefined,
    local,
    kubernetes,
    readme: meta.readme ?? null,
    idleTimeout: meta.idleTimeout ?? null,
  };
}

/** Icons are small SVG files, sent inline as data: URLs so an element needs no extra request. */
async function iconOf(folder: string, icon: string): Promise<string> {
  if (/^(https?:|data:)/.test(icon)) return icon;
  const svg = await readFile(join(folder, icon), 'utf8');
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

async function optionalJson<T>(file: string): Promise<T | null> {
  return readJson<T>(file).catch((error: Error) => {
    if ((error.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return null;
    throw error;
  });
}

async function readJson<T>(file: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read ${file}`, { cause: error });
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}
