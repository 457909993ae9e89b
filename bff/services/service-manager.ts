import { randomBytes } from 'node:crypto';
import { filter, map, Subject, type Observable, type Subscription } from 'rxjs';
import type { DryRunResult, Lang, LaunchRequest, Service, ServiceEvent, User } from '../../components/api/types.js';
import type { Catalog, CatalogEntry } from '../catalogs/catalog.js';
import type { UnmetRequirement } from '../catalogs/requirements.js';
import type { StatusUpdate, WorkloadDriver } from '../drivers/driver.js';
import { ApiError } from '../http/errors.js';
import { pick } from '../i18n/localized.js';
import { remove, unchanged, update, type Store } from '../store/store.js';
import { SERVICES, type ServiceRecord } from './record.js';

export interface ServiceManagerOptions {
  store: Store;
  catalogs: Catalog[];
  driver: WorkloadDriver;
  checkRequirements: (entry: CatalogEntry) => Promise<UnmetRequirement | null>;
  /**
   * The entry and the values to launch: the request's differences merged over the caller's
   * defaults and validated against the caller's effective schema (a 400 with `errors`
   * otherwise). bff/catalogs/catalog-service.ts does it.
   */
  resolveLaunch: (user: User, request: LaunchRequest, lang: Lang) => Promise<{ entry: CatalogEntry; values: Record<string, unknown> }>;
  /** Turns a record's ports into the URLs users open (the proxy's hosts). */
  urlOf: (record: ServiceRecord, port: number) => string;
  /** Variables every service of the user gets (S3 access: AWS_*, from bff/s3/); none when absent. */
  environmentFor?: (user: User, accessToken?: string) => Promise<Record<string, string>>;
  log: (message: string) => void;
}

interface Change {
  owner: string;
  event: ServiceEvent;
}

/**
 * The services of every user: launches through the driver, keeps the records in the
 * store, applies the driver's status updates to them, and publishes every change.
 * Routes stay thin; ownership is checked here, once.
 */
export class ServiceManager {
  private readonly changes = new Subject<Change>();
  private readonly subscription: Subscription;
  /** A service's updates are applied one after the other, in the order the driver sent them. */
  private readonly pending = new Map<string, Promise<void>>();

  constructor(private readonly options: ServiceManagerOptions) {
    this.subscription = options.driver.updates.subscribe((update) => {
      const previous = this.pending.get(update.id) ?? Promise.resolve();
      const next = previous
        .then(() => this.applyUpdate(update))
        .catch((error: unknown) => options.log(`Could not record the status of ${update.id}: ${String(error)}`))
        .finally(() => {
          if (this.pending.get(update.id) === next) this.pending.delete(update.id);
        });
      this.pending.set(update.id, next);
    });
  }

  /** After a restart: hands the records of live services back to the driver. */
  async resume(): Promise<void> {
    const live = (await this.records()).filter((record) => record.status === 'starting' || record.status === 'running');
    await this.options.driver.adopt(live);
  }

  findEntry(catalogId: string, serviceId: string): CatalogEntry {
    const catalog = this.options.catalogs.find((candidate) => candidate.id === catalogId);
    if (!catalog) throw new ApiError(404, 'catalog_not_found', `There is no catalog "${catalogId}".`);
    const entry = catalog.entries.find((candidate) => candidate.id === serviceId);
    if (!entry) throw new ApiError(404, 'service_not_found', `The catalog "${catalogId}" has no service "${serviceId}".`);
    return entry;
  }

  async list(owner: string): Promise<Service[]> {
    const mine = (await this.records()).filter((record) => record.owner === owner);
    return mine.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((record) => this.toService(record));
  }

  async get(owner: string, id: string): Promise<Service> {
    return this.toService(await this.ownRecord(owner, id));
  }

  /** `accessToken`: the caller's, for what trades it for credentials (S3's STS). */
  async launch(user: User, request: LaunchRequest, lang: Lang, { accessToken }: { accessToken?: string } = {}): Promise<Service | DryRunResult> {
    const { entry, values } = await this.options.resolveLaunch(user, request, lang);
    const name = request.name?.trim() || pick(entry.name, lang);
    if (request.dryRun) return { catalog: entry.catalog, service: entry.id, name, values };

    if (entry.kind === 'helm') {
      throw new ApiError(
        409,
        'kubernetes_required',
        `"${pick(entry.name, lang)}" is a Helm chart: launching it needs the Kubernetes driver, which this server does not run. Its values can be checked with a dry run (dryRun: true).`,
      );
    }
    const unmet = await this.options.checkRequirements(entry);
    if (unmet) throw new ApiError(409, 'unavailable', `${pick(unmet.reason, lang)} ${pick(unmet.hint, lang)}`);
    const runnable = this.options.driver.canRun ? this.options.driver.canRun(entry) : entry.local !== null;
    if (!runnable) throw new ApiError(409, 'unavailable', `"${pick(entry.name, lang)}" cannot run on this server's driver.`);

    const record: ServiceRecord = {
      id: `${entry.id.slice(0, 40)}-${randomBytes(4).toString('hex')}`,
      name,
      catalog: entry.catalog,
      service: entry.id,
      owner: user.username,
      createdAt: new Date().toISOString(),
      status: 'starting',
      reason: null,
      progress: { phase: 'scheduling', message: 'Preparing the launch', percent: 10 },
      values,
      ports: [],
      runtime: null,
    };
    await this.options.store.put(SERVICES, record.id, record, 'absent');
    this.publish(record);
    try {
      const env = (await this.options.environmentFor?.(user, accessToken)) ?? {};
      const started = await this.options.driver.start({ id: record.id, user, entry, values, lang, env });
      return this.toService(await this.change(record.id, (current) => ({ ...current, ...started })));
    } catch (error) {
      const reason = `The service could not be started: ${(error as Error).message}`;
      const failed = await this.change(record.id, (current) => ({
        ...current,
        status: 'failed',
        reason,
        progress: { phase: 'failed', message: reason, percent: 100 },
      }));
      return this.toService(failed);
    }
  }

  async delete(owner: string, id: string): Promise<void> {
    const record = await this.ownRecord(owner, id);
    await this.options.driver.stop(record);
    await update<ServiceRecord>(this.options.store, SERVICES, id, () => remove);
    this.changes.next({ owner, event: { type: 'deleted', id } });
  }

  async logs(owner: string, id: string, lines: number): Promise<string> {
    return this.options.driver.logs(await this.ownRecord(owner, id), lines);
  }

  /** The port a user may open: the one asked for, else the service's first. */
  async openablePort(owner: string, id: string, port?: number): Promise<{ record: ServiceRecord; port: number }> {
    const record = await this.ownRecord(owner, id);
    const chosen = port === undefined ? record.ports[0] : record.ports.find((candidate) => candidate.port === port);
    if (!chosen) throw new ApiError(404, 'port_not_found', port === undefined ? 'This service has no port to open.' : `This service has no port ${port}.`);
    if (record.status !== 'running' && record.status !== 'starting') {
      throw new ApiError(409, 'not_running', `The service is ${record.status}${record.reason ? `: ${record.reason}` : ''}.`);
    }
    return { record, port: chosen.port };
  }

  /** Every change to the owner's services, as server-sent events want them. */
  events(owner: string, id?: string): Observable<ServiceEvent> {
    return this.changes.pipe(
      filter((change) => change.owner === owner),
      filter((change) => !id || (change.event.type === 'service' ? change.event.service.id === id : change.event.type === 'deleted' && change.event.id === id)),
      map((change) => change.event),
    );
  }

  close(): void {
    this.subscription.unsubscribe();
    this.changes.complete();
  }

  toService(record: ServiceRecord): Service {
    return {
      id: record.id,
      name: record.name,
      catalog: record.catalog,
      service: record.service,
      owner: record.owner,
      status: record.status,
      reason: record.reason,
      urls: record.ports.map((port) => ({ port: port.port, name: port.name, url: this.options.urlOf(record, port.port) })),
      createdAt: record.createdAt,
      progress: record.progress,
      values: record.values,
    };
  }

  private async records(): Promise<ServiceRecord[]> {
    return (await this.options.store.list<ServiceRecord>(SERVICES)).map((entry) => entry.value);
  }

  /** Another user's service is reported as not found: its existence is not theirs to know. */
  private async ownRecord(owner: string, id: string): Promise<ServiceRecord> {
    const found = /^[a-z0-9-]{1,64}$/.test(id) ? await this.options.store.get<ServiceRecord>(SERVICES, id) : undefined;
    if (!found || found.value.owner !== owner) throw new ApiError(404, 'service_not_found', `You have no service "${id}".`);
    return found.value;
  }

  private async applyUpdate({ id, ...patch }: StatusUpdate): Promise<void> {
    const updated = await update<ServiceRecord>(this.options.store, SERVICES, id, (current) => (current ? { ...current, ...patch } : unchanged));
    if (updated) this.publish(updated.value);
  }

  private async change(id: string, fn: (current: ServiceRecord) => ServiceRecord): Promise<ServiceRecord> {
    const updated = await update<ServiceRecord>(this.options.store, SERVICES, id, (current) => (current ? fn(current) : unchanged));
    if (!updated) throw new ApiError(404, 'service_not_found', `The service "${id}" was deleted meanwhile.`);
    this.publish(updated.value);
    return updated.value;
  }

  private publish(record: ServiceRecord): void {
    this.changes.next({ owner: record.owner, event: { type: 'service', service: this.toService(record) } });
  }
}
