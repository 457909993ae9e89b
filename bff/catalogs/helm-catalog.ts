import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Schema } from '../../components/schema/types.js';
import type { Catalog, CatalogEntry, CatalogSource, LoadOptions } from './catalog.js';
import { readChartFiles } from './chart-archive.js';

interface IndexVersion {
  name?: string;
  version?: string;
  description?: string;
  icon?: string;
  keywords?: string[];
  urls?: string[];
  deprecated?: boolean;
  type?: string;
}

const KNOWN_CATEGORIES = ['ide', 'database', 'data-science', 'tool', 'web'];
const MAX_ARCHIVE = 32 * 1024 * 1024;

/**
 * An Onyxia-style Helm repository: `index.yaml` lists the charts and their versions; each
 * version's archive holds `values.schema.json` and `values.yaml`. The latest version of
 * every chart is read at start; older ones when first asked for. A chart that cannot be
 * read is left out with a message in the log (a repository is not ours to fix).
 */
export async function loadHelmCatalog(source: CatalogSource, location: string, options: LoadOptions): Promise<Catalog> {
  const log = options.log ?? (() => undefined);
  const isUrl = /^https?:\/\//.test(location);
  const indexLocation = isUrl ? new URL('index.yaml', location.endsWith('/') ? location : `${location}/`).href : join(location, 'index.yaml');
  const index = parseYaml(await readText(indexLocation)) as { entries?: Record<string, IndexVersion[]> } | null;
  if (!index || typeof index.entries !== 'object' || index.entries === null) throw new Error(`${indexLocation} is not a Helm repository index (no entries)`);

  const read = async (chart: string, meta: IndexVersion, versions: string[]): Promise<CatalogEntry | undefined> => {
    const url = meta.urls?.[0];
    if (!url) return undefined;
    const archiveLocation = /^https?:\/\//.test(url) ? url : isUrl ? new URL(url, indexLocation).href : isAbsolute(url) ? url : resolvePath(dirname(indexLocation), url);
    try {
      const files = await readChartFiles(await readBytes(archiveLocation), ['values.schema.json', 'values.yaml']);
      const schemaText = files.get('values.schema.json');
      const schema = schemaText ? (JSON.parse(schemaText) as Schema) : { type: 'object', properties: {} };
      options.check?.(schema);
      const valuesText = files.get('values.yaml');
      return {
        id: chart,
        catalog: source.id,
        name: chart,
        description: meta.description ?? '',
        icon: typeof meta.icon === 'string' && /^(https?:|data:)/.test(meta.icon) ? meta.icon : null,
        category: meta.keywords?.find((keyword) => KNOWN_CATEGORIES.includes(keyword)) ?? 'other',
        version: String(meta.version),
        versions,
        highlighted: (source.highlighted ?? []).includes(chart),
        kind: 'helm',
        schema,
        valuesYaml: valuesText ? (parseYaml(valuesText) as unknown) : undefined,
        local: null,
      };
    } catch (error) {
      log(`Catalog "${source.id}": ${chart} ${meta.version} is left out: ${(error as Error).message}`);
      return undefined;
    }
  };

  const charts = new Map<string, IndexVersion[]>();
  for (const [chart, list] of Object.entries(index.entries)) {
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(chart) || !Array.isArray(list)) continue;
    const usable = list.filter((meta) => meta && meta.version !== undefined && !meta.deprecated && meta.type !== 'library');
    if (usable.length > 0) charts.set(chart, usable.sort((a, b) => compareVersions(String(b.version), String(a.version))));
  }
  const loaded = await Promise.all(
    [...charts].map(async ([chart, list]) => read(chart, list[0]!, list.map((meta) => String(meta.version)))),
  );
  const entries = loaded.filter((entry): entry is CatalogEntry => entry !== undefined);
  const older = new Map<string, Promise<CatalogEntry | undefined>>();
  return {
    id: source.id,
    name: source.name ?? source.id,
    description: source.description ?? '',
    kind: 'helm',
    entries,
    version(entry, version) {
      if (version === entry.version) return Promise.resolve(entry);
      const meta = charts.get(entry.id)?.find((candidate) => String(candidate.version) === version);
      if (!meta) return Promise.resolve(undefined);
      const key = `${entry.id}@${version}`;
      if (!older.has(key)) older.set(key, read(entry.id, meta, entry.versions).then((found) => found && { ...found, highlighted: entry.highlighted }));
      return older.get(key)!;
    },
  };
}

/** Newest first: numeric parts compared as numbers (`1.10.0` > `1.9.2`), a pre-release before its release. */
export function compareVersions(a: string, b: string): number {
  const parse = (version: string) => {
    const [main = '', pre] = version.replace(/^v/, '').split('-', 2);
    return { parts: main.split('.').map((part) => Number.parseInt(part, 10) || 0), pre };
  };
  const left = parse(a);
  const right = parse(b);
  for (let i = 0; i < Math.max(left.parts.length, right.parts.length); i++) {
    const difference = (left.parts[i] ?? 0) - (right.parts[i] ?? 0);
    if (difference !== 0) return difference;
  }
  if (left.pre === right.pre) return 0;
  if (left.pre === undefined) return 1;
  if (right.pre === undefined) return -1;
  return left.pre.localeCompare(right.pre);
}

async function readText(location: string): Promise<string> {
  return (await readBytes(location)).toString('utf8');
}

async function readBytes(location: string): Promise<Buffer> {
  if (!/^https?:\/\//.test(location)) {
    try {
      return await readFile(location);
    } catch (error) {
      throw new Error(`Cannot read ${location}: ${(error as Error).message}`);
    }
  }
  const response = await fetch(location, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`${location} answered ${response.status}`);
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_ARCHIVE) throw new Error(`${location} is larger than ${MAX_ARCHIVE} bytes`);
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > MAX_ARCHIVE) throw new Error(`${location} is larger than ${MAX_ARCHIVE} bytes`);
  return bytes;
}
