import type { FileListing } from '../components/api/file-types.js';
import type { CatalogEntry, CatalogServiceSummary, CatalogSummary, PublicConfig, Service, ServiceStatus, User } from '../components/api/types.js';

/** The demo datalab's stories and accessibility tests run against: fixed, so screenshots do not move. */
export const demoConfig: PublicConfig = {
  name: 'Demo Datalab',
  mode: 'embedded',
  languages: ['en', 'fr'],
  defaultTheme: 'light',
  logo: null,
  publicCatalogs: false,
  auth: { issuer: 'https://id.datalab.example', clientId: 'atelier', scope: 'openid', redirectUri: 'https://datalab.example/auth/callback', resource: null },
};

export const demoUser: User = { username: 'ada', name: 'Ada Lovelace', email: 'ada@datalab.example', groups: ['statistics'] };

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

function entry(id: string, name: string, description: string, extra: Partial<CatalogServiceSummary> = {}): CatalogServiceSummary {
  return { id, name, description, icon: null, category: 'ide', version: '1.0', unavailable: null, ...extra };
}

export const fewCatalogs: CatalogSummary[] = [
  {
    id: 'local',
    name: 'On this machine',
    description: 'Services that run on the datalab server.',
    services: [
      entry('jupyter', 'Jupyter Notebook', 'Python notebooks in your browser.', { version: '6.4', highlighted: true, versions: ['6.4', '6.3'] }),
      entry('file-server', 'File server', 'Serves your home folder over HTTP.', { category: 'tool' }),
      entry('rstudio', 'RStudio', 'R in your browser.', {
        unavailable: { reason: 'RStudio is not installed on this server.', hint: 'An administrator can install it.' },
      }),
    ],
  },
];

const tools = ['Jupyter', 'RStudio', 'VS Code', 'PostgreSQL', 'MongoDB', 'Superset', 'Spark', 'Elastic', 'Label Studio', 'MLflow', 'Airflow', 'Redis'];
const categories = ['ide', 'database', 'data-science', 'tool', 'web'];

/** Two catalogs, 24 entries: the search, the catalog switcher and wrapping at work. */
export const manyCatalogs: CatalogSummary[] = ['ide', 'data'].map((id, group) => ({
  id,
  name: group === 0 ? 'Development environments' : 'Data services',
  description: group === 0 ? 'Where you write code.' : 'Databases and data tools.',
  services: tools.map((tool, index) =>
    entry(`${id}-${index}`, `${tool} ${group === 0 ? 'IDE' : 'service'}`, `${tool}, ready to use with your files.`, {
      category: categories[(index + group) % categories.length]!,
      version: `${1 + (index % 3)}.${index}`,
      highlighted: index === 0,
    }),
  ),
}));

export const jupyterEntry: CatalogEntry = {
  ...fewCatalogs[0]!.services[0]!,
  catalog: 'local',
  schema: {
    type: 'object',
    properties: {
      git: {
        type: 'object',
        title: 'Git repository',
        description: 'Cloned into your home folder at start.',
        properties: {
          url: { type: 'string', title: 'Repository URL', default: '' },
          branch: { type: 'string', title: 'Branch', default: 'main' },
        },
      },
      packages: { type: 'array', title: 'Extra Python packages', items: { type: 'string' }, default: [] },
      memoryGiB: { type: 'integer', title: 'Memory (GiB)', minimum: 1, maximum: 16, default: 2 },
      idle: { type: 'string', title: 'Stop when idle for', enum: ['1h', '4h', '8h'], default: '4h' },
      gpu: { type: 'boolean', title: 'GPU', default: false },
    },
  },
  defaults: { git: { url: '', branch: 'main' }, packages: [], memoryGiB: 2, idle: '4h', gpu: false },
};

export const demoEntries: Record<string, CatalogEntry> = { 'local/jupyter': jupyterEntry };

const progress: Record<ServiceStatus, Service['progress']> = {
  starting: { phase: 'health-check', message: 'Waiting for the web page', percent: 70 },
  running: { phase: 'ready', message: 'Ready', percent: 100 },
  suspended: { phase: 'ready', message: 'Suspended', percent: 100 },
  failed: { phase: 'failed', message: 'The process exited', percent: 100 },
  stopped: { phase: 'ready', message: 'Stopped', percent: 100 },
};

const reasons: Partial<Record<ServiceStatus, [string, string]>> = {
  failed: ['exited', 'The process exited with code 1.'],
  stopped: ['idle', 'Stopped after 120 minutes without activity.'],
  suspended: ['user', 'Suspended by you.'],
};

/** A service of the demo user in the given status. */
export function demoService(index: number, status: ServiceStatus, name = `Notebook ${index + 1}`): Service {
  const id = `jupyter-${index + 1}`;
  const [reasonCode, reason] = reasons[status] ?? [null, null];
  return {
    id,
    name,
    catalog: 'local',
    service: 'jupyter',
    owner: 'ada',
    status,
    reason,
    reasonCode,
    idleMinutes: reasonCode === 'idle' ? 120 : null,
    urls: [{ port: 8888, name: 'Notebook', url: `https://${id}-8888.datalab.example/` }],
    createdAt: minutesAgo(10 + index * 7),
    startedAt: status === 'running' ? minutesAgo(9 + index * 7) : null,
    lastActivityAt: status === 'running' ? minutesAgo(2) : null,
    progress: progress[status],
    values: {},
    icon: null,
    resources: { cpu: 1000, memory: 2 * 1024 ** 3, gpu: 0 },
    suspendable: false,
  };
}

const statuses: ServiceStatus[] = ['running', 'starting', 'failed', 'stopped', 'suspended'];

/** One service in each status. */
export const servicesInEveryStatus: Service[] = statuses.map((status, index) => demoService(index, status));

/** Twelve services. */
export const manyServices: Service[] = Array.from({ length: 12 }, (_, index) => demoService(index, statuses[index % statuses.length]!));

const file = (folder: string, name: string, size: number, minutes: number) => ({ name, path: `${folder}${name}`, size, lastModified: minutesAgo(minutes) });

export const someFiles: Record<string, FileListing> = {
  '': {
    path: '',
    folders: [{ name: 'data', path: 'data/' }, { name: 'notebooks', path: 'notebooks/' }],
    files: [file('', 'README.md', 2_048, 60), file('', 'population.csv', 1_534_000, 3 * 24 * 60)],
    cursor: null,
  },
  'data/': { path: 'data/', folders: [], files: [file('data/', 'census-2021.parquet', 48_200_000, 90)], cursor: null },
};

/** A folder of 300 files: the virtualized list. */
export const manyFiles: Record<string, FileListing> = {
  '': {
    path: '',
    folders: Array.from({ length: 20 }, (_, index) => ({ name: `project-${index + 1}`, path: `project-${index + 1}/` })),
    files: Array.from({ length: 300 }, (_, index) => file('', `table-${String(index + 1).padStart(3, '0')}.csv`, 1_000 * (index + 1) ** 2, index * 13)),
    cursor: null,
  },
};
