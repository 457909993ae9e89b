import { expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/app/app.js';
import type { AtelierApp } from '../../components/app/app.element.js';
import { parseOpenRequest } from '../../components/app/open-request.js';
import { alice, deep, deepAll, FakeApi, FakeIdentity, makeService, mount, sampleCatalogs, sampleEntry, settle, visibleText } from './fixtures.js';

async function mountApp(options: { signedIn?: boolean; navigate?: (url: string) => void } = {}) {
  const api = new FakeApi();
  api.catalogs = sampleCatalogs;
  api.entries['local/jupyter'] = sampleEntry;
  const identity = new FakeIdentity(options.signedIn ? alice : null);
  const navigate = options.navigate ?? (() => undefined);
  const el = await mount<AtelierApp>(html`<atelier-app .navigate=${navigate}></atelier-app>`, { api, identity });
  await settle(el);
  return { el, api, identity };
}

describe('atelier-app', () => {
  it('renders the portal: name, sign-in, catalog, services — and provides its contexts inside', async () => {
    const { el, api, identity } = await mountApp();
    expect(deep(el, 'h1')!.textContent).to.equal('Test Datalab');
    const text = visibleText(el);
    expect(text).to.contain('Catalog');
    expect(text).to.contain('Jupyter Notebook'); // the catalog inside got the API client
    expect(text).to.contain('Sign in to see your services.');
    expect(api.callsTo('serviceEvents')).to.have.length(0);
    await expect(el).to.be.accessible();

    deep<HTMLButtonElement>(el, 'header button[part~="sign-in"]')!.click();
    await settle(el);
    expect(identity.signInCalls).to.equal(1);
    expect(visibleText(deep(el, 'header')!)).to.contain('Signed in as Alice Martin');
    await waitUntil(() => api.subscribers === 1, 'the services follow the stream once signed in');

    deep<HTMLButtonElement>(el, 'button[part~="sign-out"]')!.click();
    await settle(el);
    expect(identity.signOutCalls).to.equal(1);
    expect(api.subscribers).to.equal(0);
  });

  it('opens the launcher of the chosen entry in a modal dialog; Escape closes it', async () => {
    const { el } = await mountApp({ signedIn: true });
    const catalog = deep(el, 'atelier-catalog')!;
    deep<HTMLButtonElement>(deepAll(catalog, 'atelier-catalog-card')[0]!, 'button[part~="launch"]')!.click();
    await settle(el);
    const dialog = deep<HTMLDialogElement>(el, 'dialog')!;
    expect(dialog.open).to.be.true;
    expect(dialog.matches(':modal')).to.be.true;
    expect(el.matches(':state(dialog-open)')).to.be.true;
    expect(deep(el, '#dialog-title')!.textContent).to.equal('Launch Jupyter Notebook');
    expect(dialog.contains(el.shadowRoot!.activeElement)).to.be.true; // focus moved into it
    const launcher = dialog.querySelector('atelier-launcher')!;
    expect(launcher.getAttribute('service')).to.equal('jupyter');
    await settle(launcher);
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect(dialog.open).to.be.false;
    expect(dialog.querySelector('atelier-launcher')).to.be.null;
  });

  it('closes the dialog once the service is launched', async () => {
    const { el, api } = await mountApp({ signedIn: true });
    deep<HTMLButtonElement>(deepAll(deep(el, 'atelier-catalog')!, 'atelier-catalog-card')[0]!, 'button[part~="launch"]')!.click();
    await settle(el);
    const launcher = deep(el, 'dialog atelier-launcher')!;
    await settle(launcher);
    const launched = oneEvent(el, 'atelier-service-launched');
    deep<HTMLButtonElement>(launcher, 'button[type="submit"]')!.click();
    await launched;
    await settle(el);
    expect(deep<HTMLDialogElement>(el, 'dialog')!.open).to.be.false;
    api.events.next({ type: 'snapshot', services: [makeService({ id: 'svc-new', status: 'starting' })] });
  });

  it('with ?open=<id>&port=<port>: once signed in, opens that service in this tab', async () => {
    const before = window.location.href;
    history.replaceState(null, '', `${window.location.pathname}?open=svc-9&port=8888`);
    try {
      const visited: string[] = [];
      const { el, api, identity } = await mountApp({ navigate: (url) => visited.push(url) });
      expect(visibleText(el)).to.contain('Sign in to open the service you asked for.');
      expect(api.callsTo('openService')).to.have.length(0);
      identity.setUser(alice);
      await waitUntil(() => visited.length === 1, 'navigates to the one-time URL');
      expect(api.callsTo('openService')[0]!.args).to.deep.equal(['svc-9', 8888]);
      expect(visited).to.deep.equal(['http://proxy.test/ticket']);
    } finally {
      history.replaceState(null, '', before);
    }
  });

  it('parses the open request of a query string', () => {
    expect(parseOpenRequest('?open=abc&port=8888')).to.deep.equal({ id: 'abc', port: 8888 });
    expect(parseOpenRequest('?open=abc')).to.deep.equal({ id: 'abc', port: undefined });
    expect(parseOpenRequest('?open=abc&port=99999')).to.deep.equal({ id: 'abc', port: undefined });
    expect(parseOpenRequest('?port=1')).to.equal(null);
  });

  it('speaks French under lang="fr"', async () => {
    const api = new FakeApi();
    const el = await mount<AtelierApp>(html`<atelier-app lang="fr"></atelier-app>`, { api });
    await settle(el);
    const text = visibleText(el);
    expect(text).to.contain('Catalogue');
    expect(text).to.contain('Vos services');
    expect(text).to.contain('Se connecter');
  });
});
