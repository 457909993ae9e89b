import { expect, html } from '@open-wc/testing';
import '../../components/service-card/service-card.js';
import type { AtelierServiceCard } from '../../components/service-card/service-card.element.js';
import { ApiRequestError } from '../../components/api/errors.js';
import type { SharesApi } from '../../components/api/shares-api.js';
import type { Share, ShareRequest } from '../../components/api/types.js';
import { alice, deep, deepAll, FakeApi, FakeIdentity, makeService, mount, settle, visibleText } from './fixtures.js';

/** A fake of the sharing API: it keeps one share per service, as the BFF does. */
class FakeShares implements SharesApi {
  shares = new Map<string, Share>();
  calls: string[] = [];
  failNext: Error | null = null;

  async get(serviceId: string): Promise<Share> {
    this.calls.push(`get ${serviceId}`);
    return this.shares.get(serviceId) ?? { serviceId, users: [], groups: [] };
  }

  async add(serviceId: string, request: ShareRequest): Promise<Share> {
    this.calls.push(`add ${serviceId} ${JSON.stringify(request)}`);
    this.#fail();
    const current = await this.get(serviceId);
    const next = { serviceId, users: [...new Set([...current.users, ...(request.users ?? [])])], groups: [...new Set([...current.groups, ...(request.groups ?? [])])] };
    this.shares.set(serviceId, next);
    return next;
  }

  async revoke(serviceId: string, kind: 'users' | 'groups', name: string): Promise<void> {
    this.calls.push(`revoke ${serviceId} ${kind} ${name}`);
    this.#fail();
  }

  #fail(): void {
    const error = this.failNext;
    this.failNext = null;
    if (error) throw error;
  }
}

class SharingApi extends FakeApi {
  readonly shares = new FakeShares();
}

async function openSharing(api: SharingApi, lang?: string): Promise<AtelierServiceCard> {
  const identity = new FakeIdentity({ ...alice, groups: ['staff', 'physics'] });
  const el = await mount<AtelierServiceCard>(html`<atelier-service-card .service=${makeService()} .client=${api}></atelier-service-card>`, { api, identity, lang });
  const share = deep<HTMLButtonElement>(el, 'button[part~="share"]')!;
  expect(share.getAttribute('aria-expanded')).to.equal('false');
  share.click();
  await settle(el);
  expect(share.getAttribute('aria-expanded')).to.equal('true');
  await customElements.whenDefined('atelier-share-panel'); // loaded on demand with the other panels
  await settle(deep(el, 'atelier-share-panel')!);
  return el;
}

describe('sharing from a service card', () => {
  it('offers no Share action when the API client cannot share', async () => {
    const el = await mount<AtelierServiceCard>(html`<atelier-service-card .service=${makeService()} .client=${new FakeApi()}></atelier-service-card>`);
    expect(deep(el, 'button[part~="share"]')).to.equal(null);
  });

  it('shows who the service is shared with, and is accessible', async () => {
    const api = new SharingApi();
    api.shares.shares.set(makeService().id, { serviceId: makeService().id, users: ['bob'], groups: ['staff'] });
    const el = await openSharing(api);
    const panel = deep(el, 'atelier-share-panel')!;
    expect(visibleText(panel)).to.contain('User bob').and.contain('Group staff');
    const groups = deepAll<HTMLInputElement>(deep(el, 'atelier-share-panel')!, 'input[name="group"]');
    expect(groups.map((input) => input.value)).to.deep.equal(['physics'], 'groups already shared are not offered again');
    await expect(el).to.be.accessible();
  });

  it('shares with a username and groups of the user, then revokes', async () => {
    const api = new SharingApi();
    const el = await openSharing(api);
    const panel = deep(el, 'atelier-share-panel')!;
    expect(visibleText(panel)).to.contain('Shared with nobody yet.');
    deep<HTMLInputElement>(el, 'atelier-share-panel', '#share-user')!.value = ' Carol ';
    deepAll<HTMLInputElement>(deep(el, 'atelier-share-panel')!, 'input[name="group"]')[1]!.click();
    deep<HTMLButtonElement>(el, 'atelier-share-panel', 'button[part~="add"]')!.click();
    await settle(panel);
    expect(api.shares.calls).to.include(`add ${makeService().id} {"users":["carol"],"groups":["physics"]}`);
    expect(deep(el, 'atelier-share-panel', '[role="status"]')!.textContent).to.equal('Shared with carol, physics.');
    expect(visibleText(panel)).to.contain('User carol').and.contain('Group physics');

    const revoke = deepAll<HTMLButtonElement>(deep(el, 'atelier-share-panel')!, 'button[part~="revoke"]')[0]!;
    expect(revoke.getAttribute('aria-label')).to.equal('Stop sharing with User carol');
    revoke.click();
    await settle(panel);
    expect(api.shares.calls.at(-1)).to.equal(`revoke ${makeService().id} users carol`);
    expect(visibleText(deep(el, 'atelier-share-panel', '[part~="list"]')!)).to.equal('Group physics Stop sharing');
    expect(deep(el, 'atelier-share-panel', '[role="status"]')!.textContent).to.equal('No longer shared with User carol.');
  });

  it('says what went wrong, in French too, and keeps what was typed', async () => {
    const api = new SharingApi();
    const el = await openSharing(api, 'fr');
    const panel = deep(el, 'atelier-share-panel')!;
    deep<HTMLButtonElement>(el, 'atelier-share-panel', 'button[part~="add"]')!.click();
    await settle(panel);
    expect(deep(el, 'atelier-share-panel', '[role="alert"]')!.textContent).to.equal('Saisissez un nom d’utilisateur ou choisissez un groupe.');
    api.shares.failNext = new ApiRequestError(400, { code: 'invalid_request', message: 'users.0: you own this service; share it with someone else.' });
    deep<HTMLInputElement>(el, 'atelier-share-panel', '#share-user')!.value = 'alice';
    deep<HTMLButtonElement>(el, 'atelier-share-panel', 'button[part~="add"]')!.click();
    await settle(panel);
    expect(deep(el, 'atelier-share-panel', '[role="alert"]')!.textContent).to.equal(
      'Le partage n’a pas pu être modifié : users.0: you own this service; share it with someone else.',
    );
    expect(deep<HTMLInputElement>(el, 'atelier-share-panel', '#share-user')!.value).to.equal('alice');
  });
});
