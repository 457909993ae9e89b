import { randomInt } from 'node:crypto';
import type { Lang, User } from '../../components/api/types.js';
import type { ContextSeed, LaunchContext } from '../../components/schema/context.js';

/** A part of the context another module provides for a user (e.g. S3 credentials); its values win over the empty defaults. */
export type ContextPart = (user: User) => Promise<Record<string, unknown>>;

export interface LaunchContextOptions {
  /** The proxy's domain: `k8s.domain`. */
  domain: string;
  /** `region.*`: resources, nodeSelector, tolerations… from the configuration. */
  region: Record<string, unknown>;
  git: { fromIdentity: boolean; credentialsCacheDuration: number };
  vault: { url: string | null; mount: string; topDir: string };
  /** Parts plugged in by other modules, e.g. `{ s3: (user) => s3Credentials(user) }` (bff/stack.ts wires them). */
  parts?: { s3?: ContextPart; git?: ContextPart; vault?: ContextPart };
  log: (message: string) => void;
}

export type LaunchContextBuilder = (user: User | null, lang: Lang, seed?: Partial<ContextSeed>) => Promise<LaunchContext>;

/** The S3 keys Onyxia's charts read, empty until an S3 part provides them. */
const EMPTY_S3 = {
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_SESSION_TOKEN: '',
  AWS_DEFAULT_REGION: '',
  AWS_S3_ENDPOINT: '',
  AWS_BUCKET_NAME: '',
  pathStyleAccess: false,
  workingDirectoryPath: '',
};

const ALPHANUMERIC = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/**
 * The user's context for `x-onyxia` expressions: who they are (`user.*`), their project
 * (`project.id` = `user-<username>`: no projects yet), per-form random values
 * (`service.oneTimePassword`, `k8s.randomSubdomain`, kept when the request gives them
 * back), the region's defaults from configuration, and S3, git and Vault — empty unless
 * configured or provided by a plugged-in part.
 */
export function createLaunchContext(options: LaunchContextOptions): LaunchContextBuilder {
  const part = async (name: 's3' | 'git' | 'vault', user: User | null): Promise<Record<string, unknown>> => {
    const provide = options.parts?.[name];
    if (!provide || !user) return {};
    try {
      return await provide(user);
    } catch (error) {
      options.log(`The ${name} part of ${user.username}'s launch context failed, so it is empty: ${(error as Error).message}`);
      return {};
    }
  };
  return async (user, lang, seed = {}) => {
    const [s3, git, vault] = await Promise.all([part('s3', user), part('git', user), part('vault', user)]);
    const identity = options.git.fromIdentity && user;
    return {
      user: user ? { idep: user.username, name: user.name, email: user.email ?? '', lang, groups: [...user.groups] } : { lang, groups: [] },
      project: user ? { id: `user-${user.username}` } : {},
      service: { oneTimePassword: seed.oneTimePassword ?? randomText(20) },
      s3: { ...EMPTY_S3, ...s3 },
      git: {
        name: identity ? user.name : '',
        email: identity ? (user.email ?? '') : '',
        credentials_cache_duration: options.git.credentialsCacheDuration,
        token: '',
        project: '',
        ...git,
      },
      vault: { VAULT_ADDR: options.vault.url ?? '', VAULT_TOKEN: '', VAULT_MOUNT: options.vault.mount, VAULT_TOP_DIR: options.vault.topDir, ...vault },
      region: structuredClone(options.region),
      k8s: { domain: options.domain, randomSubdomain: seed.randomSubdomain ?? String(randomInt(100_000, 1_000_000)) },
    };
  };
}

function randomText(length: number): string {
  return Array.from({ length }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('');
}
