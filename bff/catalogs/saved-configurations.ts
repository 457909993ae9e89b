import { randomBytes } from 'node:crypto';
import type { ConfigurationChange, NewConfiguration, SavedConfiguration } from '../../components/api/types.js';
import { ApiError } from '../http/errors.js';
import { unchanged, update, type Store } from '../store/store.js';

export const CONFIGURATIONS = 'configurations';
export const MAX_CONFIGURATIONS = 100;
/** The largest `values` a configuration keeps (as JSON). */
export const MAX_VALUES_BYTES = 64 * 1024;

function checkSize(values: unknown): void {
  if (values !== undefined && Buffer.byteLength(JSON.stringify(values)) > MAX_VALUES_BYTES) {
    throw new ApiError(400, 'configuration_too_large', `A configuration's values must stay under ${MAX_VALUES_BYTES / 1024} KiB.`);
  }
}

interface Stored {
  items: SavedConfiguration[];
}

/**
 * Each user's saved launch forms: one store key per user, holding the list in its order,
 * so every change (save, rename, reorder, delete) is one compare-and-set on that key —
 * concurrent changes are retried, never lost, and never interleave into a broken order.
 */
export class SavedConfigurations {
  constructor(private readonly store: Store) {}

  async list(owner: string): Promise<SavedConfiguration[]> {
    return (await this.store.get<Stored>(CONFIGURATIONS, owner))?.value.items ?? [];
  }

  async save(owner: string, input: NewConfiguration): Promise<SavedConfiguration> {
    checkSize(input.values);
    const now = new Date().toISOString();
    const saved: SavedConfiguration = {
      id: randomBytes(8).toString('hex'),
      name: input.name.trim(),
      catalog: input.catalog,
      service: input.service,
      version: input.version ?? null,
      friendlyName: input.friendlyName?.trim() ?? '',
      values: input.values,
      createdAt: now,
      updatedAt: now,
    };
    await this.change(owner, (items) => {
      if (items.length >= MAX_CONFIGURATIONS) {
        throw new ApiError(409, 'too_many_configurations', `You can keep up to ${MAX_CONFIGURATIONS} saved configurations: delete one first.`);
      }
      return [...items, saved];
    });
    return saved;
  }

  async change(owner: string, fn: (items: SavedConfiguration[]) => SavedConfiguration[]): Promise<SavedConfiguration[]> {
    const result = await update<Stored>(this.store, CONFIGURATIONS, owner, (current) => {
      const items = current?.items ?? [];
      const next = fn(items);
      return next === items ? unchanged : { items: next };
    });
    return result?.value.items ?? [];
  }

  async edit(owner: string, id: string, change: ConfigurationChange): Promise<SavedConfiguration> {
    checkSize(change.values);
    const items = await this.change(owner, (current) => {
      const index = indexOf(current, id);
      const updated = {
        ...current[index]!,
        ...change,
        ...(change.name !== undefined ? { name: change.name.trim() } : {}),
        ...(change.friendlyName !== undefined ? { friendlyName: change.friendlyName.trim() } : {}),
        updatedAt: new Date().toISOString(),
      };
      return current.map((item, at) => (at === index ? updated : item));
    });
    return items[indexOf(items, id)]!;
  }

  /** Puts the listed configurations first, in that order; the others keep theirs after them. */
  async reorder(owner: string, ids: string[]): Promise<SavedConfiguration[]> {
    return this.change(owner, (current) => {
      for (const id of ids) indexOf(current, id);
      const first = ids.map((id) => current.find((item) => item.id === id)!);
      return [...first, ...current.filter((item) => !ids.includes(item.id))];
    });
  }

  async delete(owner: string, id: string): Promise<void> {
    await this.change(owner, (current) => {
      indexOf(current, id);
      return current.filter((item) => item.id !== id);
    });
  }
}

/** Another user's configuration is reported as not found, like a missing one. */
function indexOf(items: SavedConfiguration[], id: string): number {
  const index = items.findIndex((item) => item.id === id);
  if (index === -1) throw new ApiError(404, 'configuration_not_found', `You have no saved configuration "${id}".`);
  return index;
}
