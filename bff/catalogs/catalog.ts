import { isAbsolute, join, resolve } from 'node:path';
import type { Schema } from '../../components/schema/types.js';
import type { Localized } from '../i18n/localized.js';
import type { KubernetesRecipe } from '../drivers/kubernetes/recipe.js';
import type { ReadmeTemplate } from '../services/readme.js';
import { loadFolderCatalog } from './folder-catalog.js';
import { loadHelmCatalog } from './helm-catalog.js';
import { BUILTIN_CATALOGS } from './builtin-path.js';

/** How the local driver runs an entry: a command on a free port, in the user's home folder. */
export interface LocalRecipe {
  command: string;
  /** `{{port}}`, `{{token}}`, `{{home}}`, `{{workdir}}` and `{{values.<key>}}` are replaced. */
  args: string[];
  env?: Record<string, string>;
  /** The working folder, relative to the user's home folder. */
  workdir?: string;
  /**
   * `stripPrefix`: under path routing (`/s/<service>/<port>/…`), whether the upstream gets
   * paths without that prefix (the default: most apps expect to live at `/`) or with it
   * (`false`: apps told their base URL, like Jupyter's `base_url`). Host routing has no prefix.
   */
  ports: { port: number; name: Localized; health: string; headers?: Record<string, string>; stripPrefix?: boolean }[];
  requires?: { command: string[]; reason: Localized; hint: Localized }[];
}

export interface CatalogEntry {
  id: string;
  catalog: string;
  name: Localized;
  description: Localized;
  icon: string | null;
  category: string;
  /** This entry's version (one of `versions`). */
  version: string;
  /** Every version the catalog has of this service, newest first. */
  versions: string[];
  /** Shown first in the catalog. */
  highlighted: boolean;
  /** A folder entry, or a chart of a Helm repository (which needs the Kubernetes driver to launch). */
  kind: 'folder' | 'helm';
  /** The chart's own `values.schema.json`, before the registry's substitutions. */
  schema: Schema;
  /** The chart's `values.yaml`, the last source of defaults. */
  valuesYaml: unknown;
  local: LocalRecipe | null;
  /** How the Kubernetes driver runs it (`kubernetes.json`, bff/drivers/kubernetes/recipe.ts); null or absent: it cannot. */
  kubernetes?: KubernetesRecipe | null;
  /** How to connect, shown beside the running service (bff/services/readme.ts). */
  readme?: ReadmeTemplate | null;
  /** Minutes without traffic after which a running service is stopped or suspended; absent: the configured default; 0: never. */
  idleTimeout?: number | null;
}

export interface Catalog {
  id: string;
  name: Localized;
  description: Localized;
  kind: 'folder' | 'helm';
  /** The latest version of each entry. */
  entries: CatalogEntry[];
  /** Another version of one of its entries (read on first use). */
  version(entry: CatalogEntry, version: string): Promise<CatalogEntry | undefined>;
}

export interface CatalogSource {
  id: string;
  /** A folder of entries, `builtin:<name>`, or a folder holding a Helm repository's `index.yaml`. */
  path?: string;
  /** A Helm repository's URL (its `index.yaml` is read from there). */
  url?: string;
  type?: 'folder' | 'helm';
  name?: Localized;
  description?: Localized;
  /** Entry ids shown first. */
  highlighted?: string[];
}

export interface LoadOptions {
  cwd?: string;
  /** Checks a schema at load (e.g. compiles it with the registry applied); throws on a broken one. */
  check?: (schema: Schema) => void;
  log?: (message: string) => void;
}

/** Reads every configured catalog once at start; a broken folder entry stops the start with its path. */
export async function loadCatalogs(sources: CatalogSource[], options: LoadOptions = {}): Promise<Catalog[]> {
  const cwd = options.cwd ?? process.cwd();
  return Promise.all(
    sources.map((source) => {
      if (!source.path && !source.url) throw new Error(`The catalog "${source.id}" needs a path or a url`);
      const type = source.type ?? (source.url ? 'helm' : 'folder');
      const location = source.url ?? folderOf(source.path!, cwd);
      return type === 'helm' ? loadHelmCatalog(source, location, options) : loadFolderCatalog(source, location, options);
    }),
  );
}

function folderOf(path: string, cwd: string): string {
  if (path.startsWith('builtin:')) return join(BUILTIN_CATALOGS, path.slice('builtin:'.length));
  return isAbsolute(path) ? path : resolve(cwd, path);
}
