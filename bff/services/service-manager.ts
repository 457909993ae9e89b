import { randomBytes } from 'node:crypto';
import { filter, map, Subject, type Observable, type Subscription } from 'rxjs';
import type { DryRunResult, Lang, LaunchRequest, Quota, Service, ServiceEvent, ServiceHistoryEvent, ServiceReadme, User } from '../../components/api/types.js';
import { ACTIVITY } from '../../proxy/activity.js';
import { deleteShare } from '../../proxy/shares.js';
import type { Catalog, CatalogEntry } from '../catalogs/catalog.js';
import type { UnmetRequirement } from '../catalogs/requirements.js';
import type { StatusUpdate, WorkloadDriver } from '../drivers/driver.js';
import { ApiError } from '../http/errors.js';
import { pick } from '../i18n/localized.js';
import { remove, unchanged, update, type Store } from '../store/store.js';
import { appendHistory, changeEvents, deleteHistory, readHistory } from './history.js';
import { limitsFor, release, reserve, usageOf, type QuotaConfig } from './quotas.js';
import { renderReadme } from './readme.js';
import { SERVICES, type ServiceRecord } from './record.js';
import { resourcesOf } from './resources.js';
import { applyChange, isLive, serviceOf } from './service-view.js';

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
  /** Limits per user and group (bff/services/quotas.ts); absent: unlimited. */
  quotas?: QuotaConfig;
  log: (message: string) => void;
}

interface Change {
  owner: string;
  event: ServiceEvent;
}

/** A status change asked for by a user or the idle sweeper (suspend, resume, idle stop). */
interface Transition {
  from: ServiceRecord['status'][];
  to: Pick<ServiceRecord, 'status' | 'reason' | 'reasonCode'> & Partial<Pick<ServiceRecord, 'progress' | 'idleMinutes'>>;
}

const UNLIMITED: QuotaConfig = { default: { services: null, cpu: null, memory: null, gpu: null }, roles: {} };

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
  /** A service's history events are appended one batch after the other. */
  private readonly histories = new Map<string, Promise<void>>();

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
    await this.options.driver.adopt((await this.records()).filter(isLive));
  }

  findEntry(catalogId: string, serviceId: string): CatalogEntry {
    const entry = this.entryOf({ catalog: catalogId, service: serviceId });
    if (entry) return entry;
    if (!this.options.catalogs.some((candidate) => candidate.id === catalogId)) throw new ApiError(404, 'catalog_not_found', `There is no catalog "${catalogId}".`);
    throw new ApiError(404, 'service_not_found', `The catalog "${catalogId}" has no service "${serviceId}".`);
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
    await this.checkRunnable(entry, lang);

    const resources = resourcesOf(values);
    const id = `${entry.id.slice(0, 40)}-${randomBytes(4).toString('hex')}`;
    await this.reserveFor(user, id, resources);
    const record: ServiceRecord = {
      id,
      name,
      catalog: entry.catalog,
      service: entry.id,
      owner: user.username,
      createdAt: new Date().toISOString(),
      status: 'starting',
      reason: null,
      reasonCode: null,
      progress: { phase: 'scheduling', message: 'Preparing the launch', percent: 10 },
      values,
      ports: [],
      runtime: null,
      resources,
      startedAt: null,
      lastActivityAt: null,
    };
    try {
      await this.options.store.put(SERVICES, record.id, record, 'absent');
    } catch (error) {
      await release(this.options.store, user.username, id);
      throw error;
    }
    this.publish(record);
    await this.record(record.id, changeEvents(undefined, record));
    try {
      const env = (await this.options.environmentFor?.(user, accessToken)) ?? {};
      const pathOf = (port: number) => new URL(this.options.urlOf(record, port)).pathname;
      const started = await this.options.driver.start({ id: record.id, user, entry, values, lang, env, pathOf });
      return this.toService(await this.change(record.id, (current) => ({ ...current, ...started })));
    } catch (error) {
      const reason = `The service could not be started: ${(error as Error).message}`;
      const failed = await this.change(record.id, (current) =>
        applyChange(current, { status: 'failed', reason, reasonCode: 'launch_failed', progress: { phase: 'failed', message: reason, percent: 100 } }),
      );
      return this.toService(failed);
    }
  }

  async delete(owner: string, id: string): Promise<void> {
    const record = await this.ownRecord(owner, id);
    await this.options.driver.stop(record);
    await update<ServiceRecord>(this.options.store, SERVICES, id, () => remove);
    this.changes.next({ owner, event: { type: 'deleted', id } });
    const { store } = this.options;
    await Promise.all([deleteShare(store, id), deleteHistory(store, id), release(store, owner, id), update(store, ACTIVITY, id, () => remove)]);
  }

  /** Deletes every service of the owner; returns how many. */
  async deleteAll(owner: string): Promise<number> {
    const mine = (await this.records()).filter((record) => record.owner === owner);
    const results = await Promise.allSettled(mine.map((record) => this.delete(owner, record.id)));
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected' && !(result.reason instanceof ApiError));
    if (failed) throw failed.reason;
    return results.filter((result) => result.status === 'fulfilled').length;
  }

  async rename(owner: string, id: string, name: string): Promise<Service> {
    await this.ownRecord(owner, id);
    return this.toService(await this.change(id, (current) => ({ ...current, name })));
  }

  async logs(owner: string, id: string, lines: number): Promise<string> {
    return this.options.driver.logs(await this.ownRecord(owner, id), lines);
  }

  /** The last lines, then new ones as they come, until `signal` aborts. */
  async followLogs(owner: string, id: string, lines: number, signal: AbortSignal): Promise<AsyncIterable<string[]>> {
    const record = await this.ownRecord(owner, id);
    const { driver } = this.options;
    if (!driver.followLogs) throw new ApiError(409, 'not_supported', `The ${driver.name} driver cannot follow logs.`);
    return driver.followLogs(record, lines, signal);
  }

  async history(owner: string, id: string): Promise<ServiceHistoryEvent[]> {
    await this.ownRecord(owner, id);
    return readHistory(this.options.store, id);
  }

  async readme(owner: string, id: string, lang: Lang): Promise<ServiceReadme> {
    const record = await this.ownRecord(owner, id);
    return renderReadme(this.entryOf(record)?.readme, record, this.toService(record), lang);
  }

  async quota(user: User): Promise<Quota> {
    const live = new Set((await this.records()).filter((record) => record.owner === user.username && isLive(record)).map((record) => record.id));
    return { limits: limitsFor(this.options.quotas ?? UNLIMITED, user), usage: await usageOf(this.options.store, user.username, live) };
  }

  async suspend(owner: string, id: string): Promise<Service> {
    const record = await this.ownRecord(owner, id);
    const { driver } = this.options;
    if (!driver.suspend) throw new ApiError(409, 'not_supported', `The ${driver.name} driver cannot suspend services.`);
    const reason = 'Suspended by its owner.';
    const suspended = await this.transition(record.id, { from: ['starting', 'running'], to: { status: 'suspended', reason, reasonCode: 'user' } });
    await driver.suspend(suspended, reason);
    return this.toService(suspended);
  }

  async resumeService(user: User, id: string): Promise<Service> {
    const record = await this.ownRecord(user.username, id);
    const { driver } = this.options;
    if (!driver.resume) throw new ApiError(409, 'not_supported', `The ${driver.name} driver cannot resume services.`);
    if (record.status !== 'suspended') throw invalidStatus(record.status);
    await this.reserveFor(user, id, record.resources ?? resourcesOf(record.values));
    const progress = { phase: 'scheduling', message: 'Resuming', percent: 10 } as const;
    let resumed: ServiceRecord;
    try {
      resumed = await this.transition(id, { from: ['suspended'], to: { status: 'starting', reason: null, reasonCode: null, progress } });
    } catch (error) {
      await release(this.options.store, user.username, id);
      throw error;
    }
    await driver.resume(resumed);
    return this.toService(resumed);
  }

  /**
   * Stops (or, where the driver can, suspends) a running service that had no traffic for
   * `minutes`. The record's compare-and-set decides: when several replicas sweep, only the
   * one whose change lands acts. Returns whether this one did.
   */
  async stopIdle(id: string, minutes: number): Promise<boolean> {
    const { driver } = this.options;
    const reason = `${driver.suspend ? 'Suspended' : 'Stopped'} after ${+minutes.toFixed(2)} minutes without activity.`;
    let record: ServiceRecord;
    try {
      record = await this.transition(id, { from: ['running'], to: { status: driver.suspend ? 'suspended' : 'stopped', reason, reasonCode: 'idle', idleMinutes: minutes } });
    } catch (error) {
      if (error instanceof ApiError) return false;
      throw error;
    }
    await (driver.suspend ? driver.suspend(record, reason) : driver.stop(record));
    return true;
  }

  /** Copies the proxies' last activity into the record (shown on the card); only moves forward. */
  async noteActivity(id: string, at: number): Promise<void> {
    const iso = new Date(at).toISOString();
    const updated = await update<ServiceRecord>(this.options.store, SERVICES, id, (current) =>
      current && (!current.lastActivityAt || current.lastActivityAt < iso) ? { ...current, lastActivityAt: iso } : unchanged,
    );
    if (updated?.value.lastActivityAt === iso) this.publish(updated.value);
  }

  /** The openable port asked for, else the service's first. */
  async openablePort(owner: string, id: string, port?: number): Promise<{ record: ServiceRecord; port: number }> {
    const record = await this.ownRecord(owner, id);
    const chosen = port === undefined ? record.ports[0] : record.ports.find((candidate) => candidate.port === port);
    if (!chosen) throw new ApiError(404, 'port_not_found', port === undefined ? 'This service has no port to open.' : `This service has no port ${port}.`);
    if (!isLive(record)) {
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
    return serviceOf(record, {
      urlOf: this.options.urlOf,
      iconOf: (of) => this.entryOf(of)?.icon ?? null,
      suspendable: typeof this.options.driver.suspend === 'function',
    });
  }

  entryOf(record: Pick<ServiceRecord, 'catalog' | 'service'>): CatalogEntry | undefined {
    return this.options.catalogs.find((catalog) => catalog.id === record.catalog)?.entries.find((entry) => entry.id === record.service);
  }

  async records(): Promise<ServiceRecord[]> {
    return (await this.options.store.list<ServiceRecord>(SERVICES)).map((entry) => entry.value);
  }

  /** Whether this server's driver can launch the entry; a 409 saying why not. */
  private async checkRunnable(entry: CatalogEntry, lang: Lang): Promise<void> {
    const { driver } = this.options;
    const name = pick(entry.name, lang);
    if (entry.kind === 'helm' && !driver.canRun?.(entry)) {
      const message =
        driver.name === 'kubernetes'
          ? `"${name}" is a Helm chart: this server's Kubernetes driver runs catalog entries with a kubernetes.json recipe and cannot install Helm charts yet. Its values can be checked with a dry run (dryRun: true).`
          : `"${name}" is a Helm chart: launching it needs the Kubernetes driver, which this server does not run. Its values can be checked with a dry run (dryRun: true).`;
      throw new ApiError(409, driver.name === 'kubernetes' ? 'helm_not_supported' : 'kubernetes_required', message);
    }
    const unmet = await this.options.checkRequirements(entry);
    if (unmet) throw new ApiError(409, 'unavailable', `${pick(unmet.reason, lang)} ${pick(unmet.hint, lang)}`);
    const runnable = driver.canRun ? driver.canRun(entry) : entry.local !== null;
    if (!runnable) throw new ApiError(409, 'unavailable', `"${name}" cannot run on this server's driver.`);
  }

  private async reserveFor(user: User, id: string, resources: ServiceRecord['resources'] & object): Promise<void> {
    const live = new Set((await this.records()).filter((record) => record.owner === user.username && isLive(record)).map((record) => record.id));
    await reserve(this.options.store, user.username, id, resources, limitsFor(this.options.quotas ?? UNLIMITED, user), live);
  }

  /** Another user's service is reported as not found: its existence is not theirs to know. */
  private async ownRecord(owner: string, id: string): Promise<ServiceRecord> {
    const found = /^[a-z0-9-]{1,64}$/.test(id) ? await this.options.store.get<ServiceRecord>(SERVICES, id) : undefined;
    if (!found || found.value.owner !== owner) throw new ApiError(404, 'service_not_found', `You have no service "${id}".`);
    return found.value;
  }

  private async applyUpdate({ id, ...patch }: StatusUpdate): Promise<void> {
    await this.change(id, (current) => applyChange(current, patch)).catch((error: unknown) => {
      if (!(error instanceof ApiError)) throw error; // deleted meanwhile: nothing to record
    });
  }

  /** Compare-and-set from one of `from`; a 409 `invalid_status` when the record is in another (another replica acted first). */
  private async transition(id: string, { from, to }: Transition): Promise<ServiceRecord> {
    let found: ServiceRecord['status'] | undefined;
    const changed = await this.change(id, (current) => {
      found = current.status;
      return from.includes(current.status) ? applyChange(current, to) : unchanged;
    });
    if (!from.includes(found!) || changed.status !== to.status) throw invalidStatus(found!);
    return changed;
  }

  /** Writes a change, then publishes it, records its history and frees its quota when it stops holding resources. */
  private async change(id: string, fn: (current: ServiceRecord) => ServiceRecord | typeof unchanged): Promise<ServiceRecord> {
    let before: ServiceRecord | undefined;
    const updated = await update<ServiceRecord>(this.options.store, SERVICES, id, (current) => {
      before = current;
      return current ? fn(current) : unchanged;
    });
    if (!updated) throw new ApiError(404, 'service_not_found', `The service "${id}" was deleted meanwhile.`);
    const after = updated.value;
    if (after === before) return after;
    this.publish(after);
    void this.record(id, changeEvents(before, after));
    if (isLive(before) && !isLive(after)) await release(this.options.store, after.owner, id);
    return after;
  }

  /** Appends to a service's history in order, off the path of status changes (they are not delayed by it). */
  private record(id: string, events: Omit<ServiceHistoryEvent, 'at'>[]): Promise<void> {
    if (events.length === 0) return this.histories.get(id) ?? Promise.resolve();
    const next = (this.histories.get(id) ?? Promise.resolve())
      .then(() => appendHistory(this.options.store, id, events))
      .catch((error: unknown) => this.options.log(`Could not record the history of ${id}: ${String(error)}`))
      .finally(() => {
        if (this.histories.get(id) === next) this.histories.delete(id);
      });
    this.histories.set(id, next);
    return next;
  }

  private publish(record: ServiceRecord): void {
    this.changes.next({ owner: record.owner, event: { type: 'service', service: this.toService(record) } });
  }
}

function invalidStatus(status: ServiceRecord['status']): ApiError {
  return new ApiError(409, 'invalid_status', `The service is ${status}: it cannot do that now.`);
}
