import { createHash } from 'node:crypto';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { remove, unchanged, update, type Store } from '../store/store.js';

/**
 * oidc-provider's persistence on Atelier's store, so that sign-in sessions, grants and
 * refresh tokens survive a restart (and replicas sharing the store agree). Collections
 * are `oidc-<model>`; keys are hashes of the provider's ids, which may hold characters
 * the store does not allow. Two indexes serve `findByUid`/`findByUserCode` and
 * `revokeByGrantId`.
 */
interface Stored {
  payload: AdapterPayload;
  /** Epoch milliseconds, or null for no expiry. */
  expiresAt: number | null;
}

const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);
const LOOKUP = 'oidc-lookup';
const GRANT_MEMBERS = 'oidc-grant-members';

const keyOf = (id: string) => createHash('sha256').update(id).digest('hex');
const collectionOf = (model: string) => `oidc-${model.replace(/[A-Z]/g, (c, i: number) => `${i ? '-' : ''}${c.toLowerCase()}`)}`;

export function storeAdapter(store: Store): new (model: string) => Adapter {
  const live = (stored: Stored | undefined) => (stored && (stored.expiresAt === null || stored.expiresAt > Date.now()) ? stored : undefined);

  return class StoreAdapter implements Adapter {
    private readonly collection: string;

    constructor(private readonly model: string) {
      this.collection = collectionOf(model);
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      const expiresAt = expiresIn ? Date.now() + expiresIn * 1000 : null;
      await update<Stored>(store, this.collection, keyOf(id), () => ({ payload, expiresAt }));
      const lookup = { model: this.model, id, expiresAt };
      if (payload.uid) await update(store, LOOKUP, keyOf(`uid:${payload.uid}`), () => lookup);
      if (payload.userCode) await update(store, LOOKUP, keyOf(`userCode:${payload.userCode}`), () => lookup);
      if (GRANTABLE.has(this.model) && payload.grantId) {
        await update<{ model: string; id: string }[]>(store, GRANT_MEMBERS, keyOf(payload.grantId), (members = []) => [
          ...members.filter((member) => member.id !== id),
          { model: this.model, id },
        ]);
      }
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return live((await store.get<Stored>(this.collection, keyOf(id)))?.value)?.payload;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.findBy(`uid:${uid}`);
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.findBy(`userCode:${userCode}`);
    }

    async consume(id: string): Promise<void> {
      await update<Stored>(store, this.collection, keyOf(id), (current) =>
        current ? { ...current, payload: { ...current.payload, consumed: Math.floor(Date.now() / 1000) } } : unchanged,
      );
    }

    async destroy(id: string): Promise<void> {
      await update<Stored>(store, this.collection, keyOf(id), () => remove);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      const members = (await store.get<{ model: string; id: string }[]>(GRANT_MEMBERS, keyOf(grantId)))?.value ?? [];
      await Promise.all(members.map((member) => update(store, collectionOf(member.model), keyOf(member.id), () => remove)));
      await update(store, GRANT_MEMBERS, keyOf(grantId), () => remove);
    }

    private async findBy(lookupKey: string): Promise<AdapterPayload | undefined> {
      const lookup = (await store.get<{ model: string; id: string }>(LOOKUP, keyOf(lookupKey)))?.value;
      return lookup?.model === this.model ? this.find(lookup.id) : undefined;
    }
  };
}

const MODELS = ['Session', 'Interaction', 'AuthorizationCode', 'RefreshToken', 'AccessToken', 'Grant', 'ClientCredentials', 'ReplayDetection', 'PushedAuthorizationRequest'];

/** Deletes what has expired: run from time to time, like the store's other sweeps. */
export async function deleteExpiredOidcEntries(store: Store): Promise<void> {
  const now = Date.now();
  for (const collection of [...MODELS.map(collectionOf), LOOKUP]) {
    for (const entry of await store.list<{ expiresAt: number | null }>(collection)) {
      if (entry.value.expiresAt !== null && entry.value.expiresAt < now) await store.delete(collection, entry.key, entry.version).catch(() => undefined);
    }
  }
  for (const entry of await store.list<{ model: string; id: string }[]>(GRANT_MEMBERS)) {
    const alive = await Promise.all(entry.value.map(async (member) => (await store.get(collectionOf(member.model), keyOf(member.id))) !== undefined));
    if (!alive.includes(true)) await store.delete(GRANT_MEMBERS, entry.key, entry.version).catch(() => undefined);
  }
}

/** The collections this adapter writes, for the store's sweep of deleted keys. */
export const OIDC_COLLECTIONS = [...MODELS.map(collectionOf), LOOKUP, GRANT_MEMBERS];
