import { expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../components/catalog/catalog.js';
import type { AtelierCatalog } from '../../components/catalog/catalog.element.js';
import { ApiRequestError } from '../../components/api/errors.js';
import { alice, deep, deepAll, FakeApi, FakeIdentity, mount, sampleCatalogs, settle, testConfig, visibleText } from './fixtures.js';

describe('atelier-catalog', () => {
  it('shows public catalogs to a signed-out visitor, as accessible cards', async () => {
    const api = new FakeApi();
    api.catalogs = sampleCatalogs;
    const el = await mount<AtelierCatalog>(html`<atelier-catalog></atelier-catalog>`, { api });
    await settle(el);

    const text = visibleText(el);
    expect(text).to.contain('On this machine');
    expect(text).to.contain('Jupyter Notebook');
    expect(text).to.contain('Python notebooks in your browser.');
    expect(text).to.contain('Development environment');
    expect(text).to.contain('Version 6.4');
    const cards = deepAll(el, 'atelier-catalog-card');
    expect(cards).to.have.length(2);
    expect(deep(cards[0]!, 'img')?.getAttribute('src')).to.equal('http://atelier.test/api/catalogs/local/services/jupyter/icon');
    expect(api.callsTo('listCatalogs')).to.have.length(1);
    expect((api.callsTo('listCatalogs')[0]!.args[0] as { lang: string }).lang).to.equal('en');
    await expect(el).to.be.accessible();
  });

  it('makes no request when the catalogs are not public and nobody is signed in', async () => {
    const api = new FakeApi();
    api.catalogs = sampleCatalogs;
    const identity = new FakeIdentity();
    const el = await mount<AtelierCatalog>(html`<atelier-catalog></atelier-catalog>`, {
      api,
      identity,
      config: { ...testConfig, publicCatalogs: false },
    });
    await settle(el);
    expect(api.calls).to.have.length(0);
    expect(el.matches(':state(signed-out)')).to.be.true;
    expect(visibleText(el)).to.contain('Sign in to see the catalog.');
    await expect(el).to.be.accessible();

    deep<HTMLButtonElement>(el, 'button[part~="sign-in"]')!.click();
    await settle(el);
    expect(identity.signInCalls).to.equal(1);
    await waitUntil(() => api.callsTo('listCatalogs').length === 1, 'loads once signed in');
    await settle(el);
    expect(visibleText(el)).to.contain('Jupyter Notebook');
  });

  it('fires atelier-service-select (bubbling, composed) from a card’s Launch', async () => {
    const api = new FakeApi();
    api.catalogs = sampleCatalogs;
    const el = await mount<AtelierCatalog>(html`<atelier-catalog></atelier-catalog>`, { api, identity: new FakeIdentity(alice) });
    await settle(el);
    const button = deep<HTMLButtonElement>(deepAll(el, 'atelier-catalog-card')[0]!, 'button[part~="launch"]')!;
    expect(button.tabIndex).to.equal(0);
    expect(button.getAttribute('aria-label')).to.equal('Launch Jupyter Notebook');
    setTimeout(() => button.click());
    const event = await oneEvent(document.body, 'atelier-service-select');
    expect(event.detail).to.deep.equal({ catalog: 'local', service: 'jupyter' });
    expect(event.bubbles && event.composed).to.be.true;
  });

  it('explains an unavailable entry and keeps its Launch from doing anything', async () => {
    const api = new FakeApi();
    api.catalogs = sampleCatalogs;
    const el = await mount<AtelierCatalog>(html`<atelier-catalog></atelier-catalog>`, { api });
    await settle(el);
    const card = deepAll(el, 'atelier-catalog-card')[1]!;
    const text = visibleText(card);
    expect(text).to.contain('RStudio is not installed on this server.');
    expect(text).to.contain('How to fix it: An administrator can install it.');
    expect(card.matches(':state(unavailable)')).to.be.true;
    const button = deep<HTMLButtonElement>(card, 'button[part~="launch"]')!;
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    // Still focusable, and described by the explanation.
    expect(button.tabIndex).to.equal(0);
    const described = deep(card, `#${button.getAttribute('aria-describedby')}`);
    expect(described?.textContent).to.contain('RStudio is not installed');
    let fired = false;
    document.body.addEventListener('atelier-service-select', () => (fired = true), { once: true });
    button.click();
    expect(fired).to.be.false;
    await expect(card).to.be.accessible();
  });

  it('shows loading, then empty states', async () => {
    const api = new FakeApi();
    let resolve!: (value: never[]) => void;
    api.catalogs = () => new Promise((done) => (resolve = done));
    const el = await mount<AtelierCatalog>(html`<atelier-catalog></atelier-catalog>`, { api });
    await settle(el);
    expect(el.matches(':state(loading)')).to.be.true;
    expect(visibleText(el)).to.contain('Loading…');
    resolve([]);
    await settle(el);
    expect(el.matches(':state(loading)')).to.be.false;
    expect(el.matches(':state(empty)')).to.be.true;
    expect(visibleText(el)).to.contain('No services are available yet.');
  });

  it('shows the empty slot’s content when given', async () => {
    const el = await mount<AtelierCatalog>(html`<atelier-catalog><p slot="empty">Nothing here, ask your admin.</p></atelier-catalog>`);
    await settle(el);
    expect(visibleText(el)).to.contain('Nothing here, ask your admin.');
    expect(visibleText(el)).not.to.contain('No services are available yet.');
  });

  it('shows an error in an alert, and tries again', async () => {
    const api = new FakeApi();
    let fail = true;
    api.catalogs = async () => {
      if (fail) throw new ApiRequestError(503, { code: 'unavailable', message: 'Catalogs are being reloaded.' });
      return sampleCatalogs;
    };
    const el = await mount<AtelierCatalog>(html`<atelier-catalog></atelier-catalog>`, { api });
    await settle(el);
    expect(el.matches(':state(error)')).to.be.true;
    const alert = deep(el, '[role="alert"]')!;
    expect(alert.textContent).to.contain('Catalogs are being reloaded.');
    await expect(el).to.be.accessible();
    fail = false;
    deep<HTMLButtonElement>(el, '[role="alert"] button')!.click();
    await settle(el);
    expect(visibleText(el)).to.contain('Jupyter Notebook');
    expect(el.matches(':state(error)')).to.be.false;
  });

  it('speaks French under lang="fr", and asks for French data', async () => {
    const api = new FakeApi();
    api.catalogs = sampleCatalogs;
    const el = await mount<AtelierCatalog>(html`<atelier-catalog></atelier-catalog>`, { api, lang: 'fr' });
    await settle(el);
    const text = visibleText(el);
    expect(text).to.contain('Environnement de développement');
    expect(text).to.contain('Lancer');
    expect(text).to.contain('Pour y remédier');
    expect((api.callsTo('listCatalogs')[0]!.args[0] as { lang: string }).lang).to.equal('fr');
  });

  it('reloads in the new language when its lang changes', async () => {
    const api = new FakeApi();
    api.catalogs = sampleCatalogs;
    const el = await mount<AtelierCatalog>(html`<atelier-catalog></atelier-catalog>`, { api });
    await settle(el);
    el.lang = 'fr';
    await settle(el);
    expect(api.callsTo('listCatalogs').map((call) => (call.args[0] as { lang: string }).lang)).to.deep.equal(['en', 'fr']);
    expect(visibleText(el)).to.contain('Lancer');
  });
});
