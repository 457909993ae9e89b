import type { Observable } from 'rxjs';
import type { Lang, User } from '../../components/api/types.js';
import type { CatalogEntry } from '../catalogs/catalog.js';
import type { RoutedPort, ServiceRecord } from '../services/record.js';

/** What a driver is asked to run. */
export interface Launch {
  id: string;
  user: User;
  entry: CatalogEntry;
  /** The validated, complete values. */
  values: Record<string, unknown>;
  lang: Lang;
  /** Environment variables every service of the user gets (S3 access: AWS_*), over the recipe's own. */
  env?: Record<string, string>;
  /**
   * The URL path under which users reach a port of the service: `/` with host routing,
   * `/s/<id>/<port>/` with path routing. Recipes name it `{{basePath}}` (their first port's)
   * for programs that must know it (Jupyter's base_url). Absent: `/`.
   */
  pathOf?: (port: number) => string;
}

/**
 * The path a port's health check asks for: the recipe's `health`, under the port's URL
 * path when the program is told its base path and keeps it (`stripPrefix: false`).
 */
export function healthPathOf(launch: Launch, port: { port: number; health?: string; stripPrefix?: boolean }): string {
  const health = port.health ?? '/';
  if (port.stripPrefix !== false || !launch.pathOf) return health;
  return `${launch.pathOf(port.port).replace(/\/$/, '')}${health}`;
}

/** The `{{basePath}}` of a launch: the URL path of the recipe's first port. */
export function basePathOf(launch: Launch, ports: { port: number }[]): string {
  const first = ports[0];
  return first && launch.pathOf ? launch.pathOf(first.port) : '/';
}

/** What the service manager persists once a workload has started. */
export interface StartedWorkload {
  ports: RoutedPort[];
  runtime: Record<string, unknown>;
}

/** A change a driver reports; the service manager applies it to the record. */
export type StatusUpdate = { id: string } & Partial<Pick<ServiceRecord, 'status' | 'reason' | 'progress' | 'reasonCode'>>;

/**
 * One interface for every way of running services (DESIGN: "Workload drivers").
 * The local driver runs child processes; the Kubernetes driver creates objects in the cluster.
 */
export interface WorkloadDriver {
  readonly name: string;
  /** Starts the workload and returns once it is launched; readiness arrives in `updates`. */
  start(launch: Launch): Promise<StartedWorkload>;
  /** Stops the workload and everything it started; resolves once it is gone. */
  stop(record: ServiceRecord): Promise<void>;
  /** After a restart: watches the workloads of these records again, and reports those that are gone. */
  adopt(records: ServiceRecord[]): Promise<void>;
  /** The last lines the workload printed. */
  logs(record: ServiceRecord, lines: number): Promise<string>;
  readonly updates: Observable<StatusUpdate>;
  /** Stops watching; the workloads themselves keep running. */
  close(): Promise<void>;
  /**
   * Whether this driver has a recipe for the entry (local: `local.json`, Kubernetes:
   * `kubernetes.json`). Absent: the entry's `local` recipe decides.
   */
  canRun?(entry: CatalogEntry): boolean;
  /**
   * Present only where the driver can suspend (Kubernetes: scales to 0, keeps the home
   * volume). Resolves once the workload is down; the driver reports `suspended` with `reason`.
   */
  suspend?(record: ServiceRecord, reason: string): Promise<void>;
  /** Brings a suspended workload back; the driver reports `starting`, then readiness. */
  resume?(record: ServiceRecord): Promise<void>;
  /**
   * The last `lines` lines, then every line the workload prints, in batches, until
   * `signal` aborts (local: the log file, rotation-safe; Kubernetes: the pod log API).
   */
  followLogs?(record: ServiceRecord, lines: number, signal: AbortSignal): AsyncIterable<string[]>;
}
