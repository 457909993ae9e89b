import { OidcIdentity } from '../auth/oidc-identity.js';
import type { AtelierSession, ConfigState } from '../internal/session.js';
import { Store } from '../internal/store.js';
import { HttpAtelierApi } from './http-api.js';
import type { PublicConfig } from './types.js';

/**
 * The default session of a standalone element: the HTTP client for `base`, the public
 * configuration (loaded once, public, no token) and an OIDC identity whose tokens stay in
 * memory. Registered by the entry module with `registerSessionFactory`.
 */
export function createHttpSession(base: string): AtelierSession {
  const config = new Store<ConfigState>({});
  let loading: Promise<PublicConfig> | undefined;
  const loadConfig = (): Promise<PublicConfig> => {
    loading ??= api.getConfig().then(
      (value) => {
        config.set({ config: value });
        return value;
      },
      (error: unknown) => {
        loading = undefined; // the next sign-in (or reload) tries again
        config.set({ error });
        throw error;
      },
    );
    return loading;
  };
  const identity = new OidcIdentity(loadConfig);
  const api = new HttpAtelierApi(base, identity.getToken);
  loadConfig().catch(() => undefined); // shown through config.error
  return { base, api, config, identity };
}
