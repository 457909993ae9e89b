import { waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { html } from 'lit';
import { HttpAtelierApi } from '../../components/api/http-api.js';
import type { Service } from '../../components/api/types.js';
import type { AtelierServiceCard } from '../../components/service-card/service-card.element.js';
import '../../components/services/services.js';
import type { AtelierServices } from '../../components/services/services.element.js';
import { alice, deep, deepAll, FakeIdentity, mount, settle } from './fixtures.js';

interface ServicesBackend {
  bffUrl: string;
  tokens: Record<string, string>;
}

/**
 * The backend for `driver`, with tokens for `users`. Its first start may outlast a
 * command's 20 s limit on a busy machine: asking again waits for the same start.
 */
async function servicesBackend(driver: string, users: string[]): Promise<ServicesBackend> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await executeServerCommand<ServicesBackend, { driver: string; users: string[] }>('atelier-services-backend', { driver, users });
    } catch (error) {
      if (attempt === 3 || !String(error).includes('Did not receive a server response')) throw error;
    }
  }
}

/**
 * `<atelier-services>` against the real BFF (test/helpers/services-backend.ts), for a user
 * of its own (a fresh list and quota): the real HTTP client, configuration and events stream.
 */
export async function mountRealServices(driver: 'local' | 'kubernetes' = 'local', lang?: string) {
  const username = `u${Math.random().toString(36).slice(2, 10)}`;
  const backend = await servicesBackend(driver, [username]);
  const api = new HttpAtelierApi(backend.bffUrl, async () => backend.tokens[username] ?? null);
  const config = await api.getConfig();
  const el = await mount<AtelierServices>(html`<atelier-services></atelier-services>`, { api, config, identity: new FakeIdentity({ ...alice, username }), lang });
  await waitUntil(() => el.matches(':state(empty)'), 'the new user has no service', { timeout: 10_000 });
  return { el, api, username };
}

export const cardOf = (el: AtelierServices, id: string) =>
  deepAll<AtelierServiceCard>(el, 'atelier-service-card').find((card) => card.service?.id === id) ?? null;

/** Waits until the card of service `id` shows a service that passes `test`, and returns the card. */
export async function cardWhen(el: AtelierServices, id: string, test: (service: Service) => boolean, message: string, timeout = 20_000) {
  await waitUntil(() => cardOf(el, id)?.service && test(cardOf(el, id)!.service!), message, { timeout, interval: 50 });
  const card = cardOf(el, id)!;
  await settle(card);
  return card;
}

export const button = (root: Element, part: string) => deep<HTMLButtonElement>(root, `button[part~="${part}"]`)!;
