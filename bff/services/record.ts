import type { ServiceProgress, ServiceResources, ServiceStatus } from '../../components/api/types.js';

/**
 * A service as the store keeps it (collection `services`, key = id). The BFF owns it;
 * the proxy reads `owner`, `status` and `ports` to route and authorize.
 */
export interface ServiceRecord {
  id: string;
  name: string;
  catalog: string;
  service: string;
  owner: string;
  createdAt: string;
  status: ServiceStatus;
  reason: string | null;
  progress: ServiceProgress;
  values: Record<string, unknown>;
  ports: RoutedPort[];
  /** What the driver needs to find the workload again after a restart. */
  runtime: Record<string, unknown> | null;
  /** Why, machine-readable ('idle', 'user', 'launch_failed', 'exited', 'start_timeout', 'bff_restart'); absent in older records. */
  reasonCode?: string | null;
  /** ISO: when it last became running. */
  startedAt?: string | null;
  /** ISO: the last traffic the proxies saw, as the idle sweeper last read it. */
  lastActivityAt?: string | null;
  /** The idle timeout, in minutes, that stopped or suspended it (reasonCode 'idle'). */
  idleMinutes?: number | null;
  /** What it asked for, from its launch values (resources.ts); counted against quotas while it runs. */
  resources?: ServiceResources;
}

export interface RoutedPort {
  /** The port as the catalog entry names it, and as it appears in the service's URL. */
  port: number;
  name: string;
  /** Where the proxy forwards to, e.g. http://127.0.0.1:41234 */
  upstream: string;
  /** Headers the proxy presents upstream: the service's own token. */
  headers: Record<string, string>;
  /** Path routing only: `false` keeps the `/s/<service>/<port>` prefix in upstream paths; else it is stripped. */
  stripPrefix?: boolean;
}

export const SERVICES = 'services';
