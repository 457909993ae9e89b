import { expect, html, oneEvent } from '@open-wc/testing';
import '../../components/launch-button/launch-button.js';
import type { AtelierLaunchButton } from '../../components/launch-button/launch-button.element.js';
import { alice, deep, FakeApi, FakeIdentity, makeService, mount, settle, visibleText } from './fixtures.js';

describe('atelier-launch-button', () => {
  it('renders an accessible button, and makes no request signed out', async () => {
    const api = new FakeApi();
    const el = await mount<AtelierLaunchButton>(html`<atelier-launch-button catalog="local" service="jupyter"></atelier-launch-button>`, { api });
    expect(visibleText(el)).to.equal('Launch');
    expect(api.calls).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('signs in first, launches with the defaults, shows the start, then Open', async () => {
    const api = new FakeApi();
    const identity = new FakeIdentity();
    const el = await mount<AtelierLaunchButton>(
      html`<atelier-launch-button catalog="local" service="jupyter">Start Jupyter</atelier-launch-button>`,
      { api, identity },
    );
    expect(visibleText(el)).to.equal('Start Jupyter');
    const launched = oneEvent(el, 'atelier-service-launched');
    deep<HTMLButtonElement>(el, 'button[part~="button"]')!.click();
    await launched;
    expect(identity.signInCalls).to.equal(1);
    expect(api.callsTo('launch')[0]!.args[0]).to.deep.equal({ catalog: 'local', service: 'jupyter' });
    await settle(el);
    expect(api.callsTo('serviceEvents')[0]!.args).to.deep.equal(['svc-new']);
    expect(visibleText(el)).to.contain('Starting');

    api.events.next({
      type: 'snapshot',
      services: [makeService({ id: 'svc-new', status: 'starting', urls: [], progress: { phase: 'starting', message: 'Starting', percent: 30 } })],
    });
    await settle(el);
    expect(deep(el, '[role="progressbar"]')!.getAttribute('aria-valuenow')).to.equal('30');
    expect(el.matches(':state(loading)')).to.be.true;
    await expect(el).to.be.accessible();

    api.events.next({ type: 'service', service: makeService({ id: 'svc-new' }) });
    await settle(el);
    expect(visibleText(el)).to.contain('Running');
    expect(deep(el, 'button[part~="open"]')).to.exist;
    expect(deep(el, 'button[part~="button"]')).to.be.null;
    await expect(el).to.be.accessible();
  });

  it('does not launch when the sign-in was cancelled', async () => {
    const api = new FakeApi();
    const identity = new FakeIdentity();
    identity.onSignIn = async () => undefined;
    const el = await mount<AtelierLaunchButton>(html`<atelier-launch-button catalog="local" service="jupyter"></atelier-launch-button>`, {
      api,
      identity,
    });
    deep<HTMLButtonElement>(el, 'button[part~="button"]')!.click();
    await settle(el);
    expect(identity.signInCalls).to.equal(1);
    expect(api.calls).to.have.length(0);
  });

  it('lets the page prevent the launch', async () => {
    const api = new FakeApi();
    const el = await mount<AtelierLaunchButton>(html`<atelier-launch-button catalog="local" service="jupyter"></atelier-launch-button>`, {
      api,
      identity: new FakeIdentity(alice),
    });
    el.addEventListener('atelier-launch', (event) => event.preventDefault());
    deep<HTMLButtonElement>(el, 'button[part~="button"]')!.click();
    await settle(el);
    expect(api.callsTo('launch')).to.have.length(0);
  });

  it('speaks French under lang="fr"', async () => {
    const el = await mount<AtelierLaunchButton>(html`<atelier-launch-button catalog="local" service="jupyter"></atelier-launch-button>`, {
      lang: 'fr',
    });
    expect(visibleText(el)).to.equal('Lancer');
  });
});
