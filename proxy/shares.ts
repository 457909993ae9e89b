import { remove, update, type Store } from '../bff/store/store.js';

/**
 * Who else may use a service: collection `shares`, key = service id, one record per
 * shared service, written with compare-and-set (`update`). The BFF writes it (the owner
 * shares and revokes); every proxy replica reads it through a cache of `cacheSeconds`,
 * so a revoked share stops working within that bound.
 *
 * The record names its owner: a share is void if the service's owner is no longer the
 * one who shared it (a service re-created under a reused id, a change of owner).
 */
export const SHARES = 'shares';

export interface ShareRecord {
  serviceId: string;
  owner: string;
  /** Usernames (reduced, as the BFF makes them). */
  users: string[];
  /** Groups of the owner's token, as the identity provider names them. */
  groups: string[];
  updatedAt: string;
}

/** At most this many users and groups per service: a share is a small list, not a directory. */
export const MAX_SHARED_USERS = 100;
export const MAX_SHARED_GROUPS = 20;

/**
 * Whether `user` (with these of their groups, from the proxy's cookie or the user's
 * token) may use a service of `owner`'s through this share. The owner always may.
 */
export function mayUse(user: string, groups: readonly string[] | undefined, owner: string, share: ShareRecord | undefined): boolean {
  if (user === owner) return true;
  if (!share || share.owner !== owner) return false;
  if (share.users.includes(user)) return true;
  return groups !== undefined && groups.some((group) => share.groups.includes(group));
}

/** The groups of `groups` through which the share lets a user in (what their ticket and cookie carry). */
export function sharedGroups(groups: readonly string[], share: ShareRecord | undefined): string[] {
  return share ? groups.filter((group) => share.groups.includes(group)) : [];
}

export async function readShare(store: Store, serviceId: string): Promise<ShareRecord | undefined> {
  return (await store.get<ShareRecord>(SHARES, serviceId))?.value;
}

/** Adds users and groups to a service's share (kept sorted, without duplicates). */
export async function addToShare(store: Store, serviceId: string, owner: string, add: { users?: string[]; groups?: string[] }): Promise<ShareRecord> {
  const updated = await update<ShareRecord>(store, SHARES, serviceId, (current) => {
    const base = current && current.owner === owner ? current : undefined;
    return {
      serviceId,
      owner,
      users: merged(base?.users, add.users),
      groups: merged(base?.groups, add.groups),
      updatedAt: new Date().toISOString(),
    };
  });
  return updated!.value;
}

/** Removes one user or group; the record goes when nobody is left. Returns what stays shared. */
export async function removeFromShare(store: Store, serviceId: string, owner: string, kind: 'users' | 'groups', name: string): Promise<ShareRecord | undefined> {
  const updated = await update<ShareRecord>(store, SHARES, serviceId, (current) => {
    if (!current) return remove;
    if (current.owner !== owner) return remove; // someone else's stale share: nothing of it is valid
    const next = { ...current, [kind]: current[kind].filter((candidate) => candidate !== name), updatedAt: new Date().toISOString() };
    return next.users.length === 0 && next.groups.length === 0 ? remove : next;
  });
  return updated?.value;
}

/** Forgets a service's share (when the service is deleted). */
export async function deleteShare(store: Store, serviceId: string): Promise<void> {
  await update<ShareRecord>(store, SHARES, serviceId, () => remove);
}

/** Every share that lets `user` (with `groups`) in: the services shared with them. */
export async function sharesWith(store: Store, user: string, groups: readonly string[]): Promise<ShareRecord[]> {
  const all = await store.list<ShareRecord>(SHARES);
  return all.map((entry) => entry.value).filter((share) => share.owner !== user && mayUse(user, groups, share.owner, share));
}

function merged(current: string[] = [], added: string[] = []): string[] {
  return [...new Set([...current, ...added])].sort();
}
