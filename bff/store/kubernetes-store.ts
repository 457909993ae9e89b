import { createHash } from 'node:crypto';
import type { CoreV1Api, V1Secret } from '@kubernetes/client-node';
import { messageOf, statusOf } from '../drivers/kubernetes/cluster.js';
import { ConflictError, type Expected, type Store, type Versioned } from './store.js';

/**
 * The store in Kubernetes mode (DESIGN: "State, and what survives"): one Secret per key,
 * in Atelier's own namespace, so BFF and proxy replicas share it with no local file.
 * Secrets, because records hold services' tokens.
 *
 *   Secret atelier-store-<digest of collection and key>
 *     labels       atelier.io/store=<collection>   (list = one labelSelector)
 *     annotations  atelier.io/store-key, atelier.io/store-version, atelier.io/store-deleted-at
 *     data.value   the JSON value
 *
 * Versions behave as in the file store: they grow by one on every write, deletions
 * included (a deletion is a tombstone until `sweep`), so a writer holding an old version
 * never overwrites a key deleted and created again meanwhile. The compare-and-set itself is
 * the API server's: a replace carries the resourceVersion that was read, and a 409 Conflict
 * (or AlreadyExists on create) becomes ConflictError.
 */
export class KubernetesStore implements Store {
  /** The resourceVersion last seen for a key's version: a write needs no read first. */
  private readonly seen = new Map<string, { version: number; resourceVersion: string; deleted: boolean }>();

  constructor(
    private readonly core: CoreV1Api,
    private readonly namespace: string,
  ) {}

  async get<T>(collection: string, key: string): Promise<Versioned<T> | undefined> {
    const secret = await this.read(collection, key);
    const entry = secret && this.entryOf<T>(secret);
    return entry && !entry.deleted ? { key, version: entry.version, value: entry.value as T } : undefined;
  }

  async list<T>(collection: string): Promise<Versioned<T>[]> {
    checkName(collection);
    const list = await this.core.listNamespacedSecret({ namespace: this.namespace, labelSelector: `${COLLECTION}=${collection}` });
    return list.items
      .map((secret) => this.entryOf<T>(secret))
      .filter((entry) => !entry.deleted)
      .map((entry) => ({ key: entry.key, version: entry.version, value: entry.value as T }))
      .sort((a, b) => a.key.localeCompare(b.key));
  }

  async put<T>(collection: string, key: string, value: T, expected: Expected): Promise<Versioned<T>> {
    const version = await this.write(collection, key, { value: JSON.stringify(value) }, expected);
    return { key, version, value };
  }

  async delete(collection: string, key: string, expected: number): Promise<void> {
    await this.write(collection, key, { deletedAt: Date.now() }, expected);
  }

  /**
   * Removes tombstones older than `graceMs`, each with its resourceVersion as a delete
   * precondition. Only for collections whose keys are never reused (as in the file store).
   */
  async sweep(collection: string, graceMs = 10 * 60_000): Promise<number> {
    checkName(collection);
    const list = await this.core.listNamespacedSecret({ namespace: this.namespace, labelSelector: `${COLLECTION}=${collection}` });
    let removed = 0;
    for (const secret of list.items) {
      const deletedAt = Number(secret.metadata?.annotations?.[DELETED_AT]);
      if (!deletedAt || Date.now() - deletedAt < graceMs) continue;
      try {
        await this.core.deleteNamespacedSecret({
          name: secret.metadata!.name!,
          namespace: this.namespace,
          body: { preconditions: { resourceVersion: secret.metadata!.resourceVersion } },
        });
        this.seen.delete(secret.metadata!.name!);
        removed++;
      } catch (error) {
        if (statusOf(error) !== 404 && statusOf(error) !== 409) throw error;
      }
    }
    return removed;
  }

  private async write(collection: string, key: string, content: { value: string } | { deletedAt: number }, expected: Expected): Promise<number> {
    const name = secretNameOf(collection, key);
    let current = this.seen.get(name);
    if (expected === 'absent' || !current || current.deleted || current.version !== expected) {
      const secret = await this.read(collection, key);
      if (secret) this.entryOf(secret);
      current = secret ? this.seen.get(name) : undefined;
      const matches = expected === 'absent' ? !current || current.deleted : !!current && !current.deleted && current.version === expected;
      if (!matches) throw new ConflictError(collection, key);
    }
    const version = (current?.version ?? 0) + 1;
    const body: V1Secret = {
      metadata: {
        name,
        namespace: this.namespace,
        labels: { [COLLECTION]: collection, 'app.kubernetes.io/managed-by': 'atelier' },
        annotations: {
          [KEY]: key,
          [VERSION]: String(version),
          ...('deletedAt' in content ? { [DELETED_AT]: String(content.deletedAt) } : {}),
        },
        ...(current ? { resourceVersion: current.resourceVersion } : {}),
      },
      type: SECRET_TYPE,
      data: 'value' in content ? { value: Buffer.from(content.value).toString('base64') } : {},
    };
    try {
      const written = current
        ? await this.core.replaceNamespacedSecret({ name, namespace: this.namespace, body })
        : await this.core.createNamespacedSecret({ namespace: this.namespace, body });
      this.remember(name, version, written.metadata!.resourceVersion!, 'deletedAt' in content);
      return version;
    } catch (error) {
      this.seen.delete(name);
      // 409: Conflict (changed since read) or AlreadyExists (created meanwhile); 404: swept meanwhile.
      if (statusOf(error) === 409 || statusOf(error) === 404) throw new ConflictError(collection, key);
      throw new Error(`The store could not write ${collection}/${key}: ${messageOf(error)}`, { cause: error });
    }
  }

  private async read(collection: string, key: string): Promise<V1Secret | undefined> {
    try {
      return await this.core.readNamespacedSecret({ name: secretNameOf(collection, key), namespace: this.namespace });
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw new Error(`The store could not read ${collection}/${key}: ${messageOf(error)}`, { cause: error });
    }
  }

  private entryOf<T>(secret: V1Secret): { key: string; version: number; deleted: boolean; value?: T } {
    const annotations = secret.metadata?.annotations ?? {};
    const version = Number(annotations[VERSION]) || 0;
    const deleted = annotations[DELETED_AT] !== undefined;
    this.remember(secret.metadata!.name!, version, secret.metadata!.resourceVersion!, deleted);
    const data = secret.data?.value;
    return { key: annotations[KEY] ?? '', version, deleted, value: deleted || !data ? undefined : (JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as T) };
  }

  private remember(name: string, version: number, resourceVersion: string, deleted: boolean): void {
    this.seen.delete(name);
    this.seen.set(name, { version, resourceVersion, deleted });
    if (this.seen.size > MAX_SEEN) this.seen.delete(this.seen.keys().next().value!);
  }
}

const COLLECTION = 'atelier.io/store';
const KEY = 'atelier.io/store-key';
const VERSION = 'atelier.io/store-version';
const DELETED_AT = 'atelier.io/store-deleted-at';
const SECRET_TYPE = 'atelier.io/store';
const MAX_SEEN = 10_000;

/** Collections name labels (at most 63 characters); keys may be anything the file store accepts. */
const NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const COLLECTION_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

function checkName(collection: string, key?: string): void {
  if (!COLLECTION_NAME.test(collection)) throw new Error(`invalid store name: ${JSON.stringify(collection)}`);
  if (key !== undefined && !NAME.test(key)) throw new Error(`invalid store name: ${JSON.stringify(key)}`);
}

function secretNameOf(collection: string, key: string): string {
  checkName(collection, key);
  return `atelier-store-${createHash('sha256').update(`${collection}\0${key}`).digest('hex').slice(0, 40)}`;
}
