import { expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../components/services/services.js';
import type { AtelierServices } from '../../components/services/services.element.js';
import { alice, deep, deepAll, FakeApi, FakeIdentity, makeService, mount, settle, visibleText } from './fixtures.js';

async function mountServices(options: { signedIn?: boolean; lang?: string; template?: ReturnType<typeof html> } = {}) {
  const api = new FakeApi();
  const identity = new FakeIdentity(options.signedIn === false ? null : alice);
  const el = await mount<AtelierServices>(options.template ?? html`<atelier-services></atelier-services>`, {
    api,
    identity,
    lang: options.lang,
  });
  await settle(el);
  return { el, api, identity };
}

const cards = (el: AtelierServices) => deepAll(el, 'atelier-service-card');

/** Replaces window.open for one test: records calls and returns a fake tab. */
function stubWindowOpen() {
  const original = window.open;
  const tab = { opener: {} as unknown, closed: false, location: { href: 'about:blank' }, close() { this.closed = true; } };
  const calls: unknown[][] = [];
  window.open = ((...args: unknown[]) => {
    calls.push(args);
    return tab;
  }) as typeof window.open;
  return { tab, calls, restore: () => (window.open = original) };
}

describe('atelier-services', () => {
  it('signed out: offers to sign in and makes no request', async () => {
    const { el, api, identity } = await mountServices({ signedIn: false });
    expect(api.calls).to.have.length(0);
    expect(api.subscribers).to.equal(0);
    expect(el.matches(':state(signed-out)')).to.be.true;
    expect(visibleText(el)).to.contain('Sign in to see your services.');
    await expect(el).to.be.accessible();
    deep<HTMLButtonElement>(el, 'button[part~="sign-in"]')!.click();
    await settle(el);
    expect(identity.signInCalls).to.equal(1);
    expect(api.subscribers).to.equal(1);
  });

  it('follows the one events stream: snapshot, live updates, deletion', async () => {
    const { el, api } = await mountServices();
    expect(api.callsTo('serviceEvents')).to.have.length(1);
    expect(api.subscribers).to.equal(1);
    expect(el.matches(':state(loading)')).to.be.true;

    const starting = makeService({
      status: 'starting',
      urls: [],
      progress: { phase: 'health-check', message: 'Waiting for Jupyter to answer', percent: 60 },
    });
    api.events.next({ type: 'snapshot', services: [starting] });
    await settle(el);
    expect(cards(el)).to.have.length(1);
    const card = cards(el)[0]!;
    let text = visibleText(card);
    expect(text).to.contain('My notebook');
    expect(text).to.contain('local / jupyter');
    expect(text).to.contain('Starting');
    expect(text).to.contain('Waiting for Jupyter to answer');
    expect(text).to.contain('Created 5 minutes ago');
    const bar = deep(card, '[role="progressbar"]')!;
    expect(bar.getAttribute('aria-valuenow')).to.equal('60');
    expect(card.matches(':state(starting)')).to.be.true;
    expect(deep(card, 'button[part~="open"]')).to.be.null;
    await expect(el).to.be.accessible();

    api.events.next({ type: 'service', service: makeService() });
    await settle(el);
    expect(cards(el)[0]).to.equal(card); // the same card, updated in place
    text = visibleText(card);
    expect(text).to.contain('Running');
    expect(text).not.to.contain('Starting');
    expect(deep(card, '[role="progressbar"]')).to.be.null;
    expect(deep(card, 'button[part~="open"]')).to.exist;

    api.events.next({ type: 'deleted', id: 'svc-1' });
    await settle(el);
    expect(cards(el)).to.have.length(0);
    expect(el.matches(':state(empty)')).to.be.true;
    expect(visibleText(el)).to.contain('You have no services yet.');
    expect(api.callsTo('serviceEvents')).to.have.length(1); // no polling, no second connection
  });

  it('shows why a service failed, in words as well as color', async () => {
    const { el, api } = await mountServices();
    api.events.next({ type: 'snapshot', services: [makeService({ status: 'failed', reason: 'Port 8888 did not answer within 60 s.', urls: [] })] });
    await settle(el);
    const card = cards(el)[0]!;
    expect(deep(card, '[part~="status"]')!.textContent).to.equal('Failed');
    expect(visibleText(card)).to.contain('Port 8888 did not answer within 60 s.');
    await expect(card).to.be.accessible();
  });

  it('asks for confirmation in the card before deleting, and waits for the stream to remove it', async () => {
    const { el, api } = await mountServices();
    api.events.next({ type: 'snapshot', services: [makeService()] });
    await settle(el);
    const card = cards(el)[0]!;
    deep<HTMLButtonElement>(card, 'button[part~="delete"]')!.click();
    await settle(el);
    expect(api.callsTo('deleteService')).to.have.length(0);
    expect(visibleText(card)).to.contain('Delete My notebook?');
    expect(card.shadowRoot!.activeElement).to.equal(deep(card, 'button[part~="cancel-delete"]'));
    await expect(card).to.be.accessible();

    // Cancel: nothing happens.
    deep<HTMLButtonElement>(card, 'button[part~="cancel-delete"]')!.click();
    await settle(el);
    expect(deep(card, '[part~="confirm"]')).to.be.null;
    expect(api.callsTo('deleteService')).to.have.length(0);

    deep<HTMLButtonElement>(card, 'button[part~="delete"]')!.click();
    await settle(el);
    const deleted = oneEvent(el, 'atelier-service-delete');
    deep<HTMLButtonElement>(card, 'button[part~="confirm-delete"]')!.click();
    expect((await deleted).detail.service.id).to.equal('svc-1');
    await settle(el);
    expect(api.callsTo('deleteService')[0]!.args).to.deep.equal(['svc-1']);
    expect(cards(el)).to.have.length(1);
    expect(visibleText(card)).to.contain('Deleting…');
    api.events.next({ type: 'deleted', id: 'svc-1' });
    await settle(el);
    expect(cards(el)).to.have.length(0);
  });

  it('opens a service in a new tab: blank first, then the one-time URL, without an opener', async () => {
    const stub = stubWindowOpen();
    try {
      const { el, api } = await mountServices();
      api.events.next({ type: 'snapshot', services: [makeService()] });
      await settle(el);
      const card = cards(el)[0]!;
      const button = deep<HTMLButtonElement>(card, 'button[part~="open"]')!;
      expect(button.getAttribute('aria-label')).to.equal('Open My notebook');
      const opened = oneEvent(el, 'atelier-service-open');
      button.click();
      expect(stub.calls[0]).to.deep.equal(['about:blank', '_blank']); // synchronously, in the click
      expect((await opened).detail.url.port).to.equal(8888);
      await waitUntil(() => stub.tab.location.href === 'http://proxy.test/ticket', 'the tab goes to the URL');
      expect(stub.tab.opener).to.equal(null);
      expect(api.callsTo('openService')[0]!.args).to.deep.equal(['svc-1', 8888]);
    } finally {
      stub.restore();
    }
  });

  it('lets the page take over Open by preventing atelier-service-open', async () => {
    const stub = stubWindowOpen();
    try {
      const { el, api } = await mountServices();
      api.events.next({ type: 'snapshot', services: [makeService()] });
      await settle(el);
      el.addEventListener('atelier-service-open', (event) => event.preventDefault());
      deep<HTMLButtonElement>(cards(el)[0]!, 'button[part~="open"]')!.click();
      await settle(el);
      expect(stub.calls).to.have.length(0);
      expect(api.callsTo('openService')).to.have.length(0);
    } finally {
      stub.restore();
    }
  });

  it('unsubscribes when removed from the page, and when the user signs out', async () => {
    const { el, api, identity } = await mountServices();
    expect(api.subscribers).to.equal(1);
    identity.setUser(null);
    await settle(el);
    expect(api.subscribers).to.equal(0);
    expect(visibleText(el)).to.contain('Sign in to see your services.');
    identity.setUser(alice);
    await settle(el);
    expect(api.subscribers).to.equal(1);
    el.remove();
    expect(api.subscribers).to.equal(0);
  });

  it('shows a stream error in an alert', async () => {
    const { el, api } = await mountServices();
    api.events.error(new Error('stream broke'));
    await settle(el);
    expect(el.matches(':state(error)')).to.be.true;
    expect(deep(el, '[role="alert"]')!.textContent).to.contain('stream broke');
  });

  it('uses the empty slot when given', async () => {
    const { el, api } = await mountServices({
      template: html`<atelier-services><p slot="empty">Launch something from the catalog.</p></atelier-services>`,
    });
    api.events.next({ type: 'snapshot', services: [] });
    await settle(el);
    expect(visibleText(el)).to.contain('Launch something from the catalog.');
  });

  it('speaks French under lang="fr"', async () => {
    const { el, api } = await mountServices({ lang: 'fr' });
    api.events.next({ type: 'snapshot', services: [makeService()] });
    await settle(el);
    const text = visibleText(cards(el)[0]!);
    expect(text).to.contain('En marche');
    expect(text).to.contain('Ouvrir');
    expect(text).to.contain('Supprimer');
    expect(text).to.contain('Créé il y a 5 minutes');
  });
});
