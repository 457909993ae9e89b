import { ContextProvider } from '@lit/context';
import type { AtelierApi } from '../api/api.js';
import type { PublicConfig } from '../api/types.js';
import { apiContext, configContext, identityContext } from './contexts.js';
import { noIdentity, type Identity } from './identity.js';

export interface AtelierContextValues {
  api?: AtelierApi;
  config?: PublicConfig;
  identity?: Identity;
}

export interface AtelierProviders {
  set(values: AtelierContextValues): void;
}

/**
 * Provides the three contexts on `host` (e.g. `document.body`, or a test's wrapper):
 * every Atelier element inside it uses them instead of a standalone session. Call it
 * before the elements connect; `set` changes the values later.
 */
export function provideAtelier(host: HTMLElement, values: AtelierContextValues): AtelierProviders {
  const api = new ContextProvider(host, { context: apiContext, initialValue: values.api });
  const config = new ContextProvider(host, { context: configContext, initialValue: values.config });
  const identity = new ContextProvider(host, { context: identityContext, initialValue: values.identity ?? noIdentity });
  return {
    set(next) {
      if ('api' in next) api.setValue(next.api);
      if ('config' in next) config.setValue(next.config);
      if (next.identity) identity.setValue(next.identity);
    },
  };
}
