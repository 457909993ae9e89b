/**
 * What `x-onyxia` expressions (`{{user.idep}}`, `region.resources.cpuRequest`…) are
 * resolved against: the user's launch context, as Onyxia names it. The BFF builds it per
 * caller (bff/catalogs/launch-context.ts); the launch form also takes one as a property,
 * so it can be used without the BFF.
 */
export interface LaunchContext {
  /** Without a signed-in user, only `lang` and (empty) `groups`: references to the rest fall back to defaults. */
  user: { idep?: string; name?: string; email?: string; lang: string; groups: string[]; [key: string]: unknown };
  project: { id?: string; [key: string]: unknown };
  /** Drawn at random for each form: the same form keeps the same values. */
  service: { oneTimePassword: string; [key: string]: unknown };
  s3: Record<string, unknown>;
  git: Record<string, unknown>;
  vault: Record<string, unknown>;
  region: Record<string, unknown>;
  k8s: { domain: string; randomSubdomain: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** The per-form random parts of a context, which a launch request carries back so its defaults are the form's. */
export interface ContextSeed {
  oneTimePassword: string;
  randomSubdomain: string;
}

/** A context with nothing in it but empty values: what a form without one resolves against. */
export function emptyContext(seed: Partial<ContextSeed> = {}): LaunchContext {
  return {
    user: { lang: 'en', groups: [] },
    project: {},
    service: { oneTimePassword: seed.oneTimePassword ?? '' },
    s3: {},
    git: {},
    vault: {},
    region: {},
    k8s: { domain: '', randomSubdomain: seed.randomSubdomain ?? '' },
  };
}
