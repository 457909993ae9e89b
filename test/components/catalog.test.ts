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

  describe('search, switcher, featured entries, versions, keyboard', () => {
    const catalogs = [
      {
        id: 'local',
        name: 'On this machine',
        description: '',
        services: [
          { id: 'files', name: 'File server', description: 'Browse your files.', icon: null, category: 'tool', version: '1.0', unavailable: null },
          { id: 'jupyter', name: 'Jupyter', description: 'Python notebooks for données.', icon: null, category: 'ide', version: '6.4', unavailable: null, highlighted: true },
        ],
      },
      {
        id: 'charts',
        name: 'Charts',
        description: '',
        services: [
          { id: 'postgres', name: 'PostgreSQL', description: 'A database.', icon: null, category: 'database', version: '17', versions: ['17', '16'], unavailable: null, launchable: false },
        ],
      },
    ];
    const names = (el: AtelierCatalog) => deepAll(el, 'atelier-catalog-card').map((card) => deep(card, '[part~="title"]')!.textContent);
    async function setup() {
      const api = new FakeApi();
      api.catalogs = catalogs;
      const el = await mount<AtelierCatalog>(html`<atelier-catalog></atelier-catalog>`, { api });
      await settle(el);
      return el;
    }

    it('shows featured entries first, marked as such', async () => {
      const el = await setup();
      expect(names(el)).to.deep.equal(['Jupyter', 'File server', 'PostgreSQL']);
      const jupyter = deepAll(el, 'atelier-catalog-card')[0]!;
      expect(visibleText(jupyter)).to.contain('Featured');
      expect(jupyter.matches(':state(featured)')).to.be.true;
    });

    it('searches names and descriptions, ignoring case and accents, highlights the matches and says how many', async () => {
      const el = await setup();
      const search = deep<HTMLInputElement>(el, '#search')!;
      expect(search.labels![0]!.textContent).to.equal('Search services');
      search.value = 'PYTHON donnees';
      search.dispatchEvent(new Event('input'));
      await settle(el);
      expect(names(el)).to.deep.equal(['Jupyter']);
      const card = deepAll(el, 'atelier-catalog-card')[0]!;
      expect(deepAll(card, 'mark').map((mark) => mark.textContent)).to.deep.equal(['Python', 'données']);
      expect(deep(el, '#matches')!.textContent).to.equal('1 service');
      search.value = 'spreadsheet';
      search.dispatchEvent(new Event('input'));
      await settle(el);
      expect(names(el)).to.deep.equal([]);
      expect(visibleText(el)).to.contain('No service matches “spreadsheet”.');
      await expect(el).to.be.accessible();
    });

    it('switches between catalogs', async () => {
      const el = await setup();
      const switcher = deep<HTMLSelectElement>(el, '#switcher')!;
      expect([...switcher.options].map((option) => option.textContent)).to.deep.equal(['All catalogs', 'On this machine', 'Charts']);
      switcher.value = 'charts';
      switcher.dispatchEvent(new Event('change'));
      await settle(el);
      expect(names(el)).to.deep.equal(['PostgreSQL']);
      expect(el.getAttribute('catalog-id')).to.equal('charts');
    });

    it('offers the versions of an entry that has several, and says which one was chosen', async () => {
      const el = await setup();
      const card = deepAll(el, 'atelier-catalog-card')[2]!;
      expect(visibleText(card)).to.contain('Versions 17, 16');
      const select = deep<HTMLSelectElement>(card, 'select[part~="version"]')!;
      expect(select.labels![0]!.textContent).to.equal('Version of PostgreSQL');
      select.value = '16';
      select.dispatchEvent(new Event('change'));
      await settle(card);
      setTimeout(() => deep<HTMLButtonElement>(card, '[part~="launch"]')!.click());
      const event = await oneEvent(el, 'atelier-service-select');
      expect(event.detail).to.deep.equal({ catalog: 'charts', service: 'postgres', version: '16' });
    });

    it('moves between cards with the arrow keys, Home and End', async () => {
      const el = await setup();
      const cards = deepAll(el, 'atelier-catalog-card');
      const launchOf = (index: number) => deep<HTMLButtonElement>(cards[index]!, '[part~="launch"]')!;
      const focused = () => cards.findIndex((card) => card.shadowRoot!.activeElement === launchOf(cards.indexOf(card)));
      launchOf(0).focus();
      const press = (key: string) => launchOf(focused()).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
      press('ArrowRight');
      expect(focused()).to.equal(1);
      press('End');
      expect(focused()).to.equal(2, 'across catalogs');
      press('ArrowUp');
      expect(focused()).to.equal(1);
      press('Home');
      expect(focused()).to.equal(0);
    });

    it('speaks French', async () => {
      const api = new FakeApi();
      api.catalogs = catalogs;
      const el = await mount<AtelierCatalog>(html`<atelier-catalog></atelier-catalog>`, { api, lang: 'fr' });
      await settle(el);
      const text = visibleText(el);
      expect(deep<HTMLInputElement>(el, '#search')!.labels![0]!.textContent).to.equal('Rechercher un service');
      expect(text).to.contain('À la une');
      expect(text).to.contain('Tous les catalogues');
    });
  });
});
