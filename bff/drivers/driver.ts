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
}

/** What the service manager persists once a workload has started. */
export interface StartedWorkload {
  ports: RoutedPort[];
  runtime: Record<string, unknown>;
}

/** A change a driver reports; the service manager applies it to the record. */
export type StatusUpdate = { id: string } & Partial<Pick<ServiceRecord, 'status' | 'reason' | 'progress'>>;

/**
 * One interface for every way of running services (DESIGN: "Workload drivers").
 * The local driver runs child processes; a Kubernetes driver will create objects.
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
}
