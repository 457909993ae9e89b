import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonSchema } from '../../components/api/types.js';
import type { Localized } from '../i18n/localized.js';
import { compileValuesSchema, defaultsOf, type ValuesValidator } from './values.js';

/** How the local driver runs an entry: a command on a free port, in the user's home folder. */
export interface LocalRecipe {
  command: string;
  /** `{{port}}`, `{{token}}`, `{{home}}`, `{{workdir}}` and `{{values.<key>}}` are replaced. */
  args: string[];
  env?: Record<string, string>;
  /** The working folder, relative to the user's home folder. */
  workdir?: string;
  ports: { port: number; name: Localized; health: string; headers?: Record<string, string> }[];
  requires?: { command: string[]; reason: Localized; hint: Localized }[];
}

export interface CatalogEntry {
  id: string;
  catalog: string;
  name: Localized;
  description: Localized;
  icon: string | null;
  category: string;
  version: string;
  schema: JsonSchema;
  defaults: Record<string, unknown>;
  validate: ValuesValidator;
  local: LocalRecipe | null;
}

export interface Catalog {
  id: string;
  name: Localized;
  description: Localized;
  entries: CatalogEntry[];
}

const BUILTIN = join(dirname(fileURLToPath(import.meta.url)), 'builtin');

/** Reads every configured catalog once at start; a broken entry stops the start with its path. */
export async function loadCatalogs(sources: { id: string; path: string }[], cwd = process.cwd()): Promise<Catalog[]> {
  return Promise.all(sources.map(({ id, path }) => loadFolderCatalog(id, folderOf(path, cwd))));
}

function folderOf(path: string, cwd: string): string {
  return path.startsWith('builtin:') ? join(BUILTIN, path.slice('builtin:'.length)) : resolve(cwd, path);
}

async function loadFolderCatalog(id: string, folder: string): Promise<Catalog> {
  const meta = await readJson<{ name: Localized; description?: Localized }>(join(folder, 'catalog.json'));
  const names = (await readdir(folder, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const entries = await Promise.all(names.map((name) => loadEntry(id, name, join(folder, name))));
  return { id, name: meta.name, description: meta.description ?? '', entries };
}

async function loadEntry(catalog: string, id: string, folder: string): Promise<CatalogEntry> {
  const meta = await readJson<{ name: Localized; description: Localized; icon?: string; category?: string; version?: string }>(
    join(folder, 'entry.json'),
  );
  const schema = await readJson<JsonSchema>(join(folder, 'values.schema.json'));
  const local = await readJson<LocalRecipe>(join(folder, 'local.json')).catch((error: NodeJS.ErrnoException) => {
    if (error.cause && (error.cause as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  });
  let validate: ValuesValidator;
  try {
    validate = compileValuesSchema(schema);
  } catch (error) {
    throw new Error(`${join(folder, 'values.schema.json')}: ${(error as Error).message}`);
  }
  return {
    id,
    catalog,
    name: meta.name,
    description: meta.description,
    icon: meta.icon ? await iconOf(folder, meta.icon) : null,
    category: meta.category ?? 'other',
    version: meta.version ?? '',
    schema,
    defaults: defaultsOf(schema),
    validate,
    local,
  };
}

/** Icons are small SVG files, sent inline as data: URLs so an element needs no extra request. */
async function iconOf(folder: string, icon: string): Promise<string> {
  if (/^(https?:|data:)/.test(icon)) return icon;
  const svg = await readFile(join(folder, icon), 'utf8');
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
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
