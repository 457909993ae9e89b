import { execFile } from 'node:child_process';
import type { CatalogEntry, LocalRecipe } from './catalog.js';

type Requirement = NonNullable<LocalRecipe['requires']>[number];
export type UnmetRequirement = Pick<Requirement, 'reason' | 'hint'>;

/**
 * Tells whether an entry's programs are installed on this machine (its `requires`
 * commands exit 0). Answers are kept for `ttlMs`, so installing a program shows up
 * within that time without a restart, and a catalog listing stays fast.
 */
export function createRequirementChecker(ttlMs = 30_000) {
  const cache = new Map<string, { at: number; result: Promise<UnmetRequirement | null> }>();
  return (entry: CatalogEntry): Promise<UnmetRequirement | null> => {
    const key = `${entry.catalog}/${entry.id}`;
    const cached = cache.get(key);
    if (cached && Date.now() - cached.at < ttlMs) return cached.result;
    const result = firstUnmet(entry.local?.requires ?? []);
    cache.set(key, { at: Date.now(), result });
    return result;
  };
}

async function firstUnmet(requirements: Requirement[]): Promise<UnmetRequirement | null> {
  for (const requirement of requirements) {
    if (!(await succeeds(requirement.command))) return { reason: requirement.reason, hint: requirement.hint };
  }
  return null;
}

function succeeds([command, ...args]: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    if (!command) return resolve(false);
    execFile(command, args, { timeout: 15_000 }, (error) => resolve(!error));
  });
}
