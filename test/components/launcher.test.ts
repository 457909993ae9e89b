import { expect, html, oneEvent } from '@open-wc/testing';
import { ApiRequestError } from '../../components/api/errors.js';
import '../../components/launcher/launcher.js';
import type { AtelierLauncher } from '../../components/launcher/launcher.element.js';
import { alice, deep, FakeApi, FakeIdentity, mount, sampleEntry, settle, testConfig, visibleText } from './fixtures.js';

function setup(options: { signedIn?: boolean; entry?: typeof sampleEntry } = {}) {
  const api = new FakeApi();
  api.entries['local/jupyter'] = options.entry ?? sampleEntry;
  const identity = new FakeIdentity(options.signedIn === false ? null : alice);
  return { api, identity };
}

async function mountLauncher(options: Parameters<typeof setup>[0] & { lang?: string } = {}) {
  const { api, identity } = setup(options);
  const el = await mount<AtelierLauncher>(html`<atelier-launcher catalog="local" service="jupyter"></atelier-launcher>`, {
    api,
    identity,
    lang: options.lang,
  });
  await settle(el);
  return { el, api, identity };
}

function input(el: AtelierLauncher, key: string): HTMLInputElement & HTMLSelectElement {
  return deep<HTMLInputElement & HTMLSelectElement>(el, `[id="field-${key}"]`)!;
}

function type(control: HTMLInputElement, value: string): void {
  control.value = value;
  control.dispatchEvent(new Event('input', { bubbles: true }));
  control.dispatchEvent(new Event('change', { bubbles: true }));
}

function submit(el: AtelierLauncher): void {
  deep<HTMLButtonElement>(el, 'button[type="submit"]')!.click();
}

describe('atelier-launcher', () => {
  it('renders a labelled form from the entry’s schema, with its defaults', async () => {
    const { el, api } = await mountLauncher();
    expect(api.callsTo('getCatalogEntry')[0]!.args.slice(0, 2)).to.deep.equal(['local', 'jupyter']);
    const text = visibleText(el);
    expect(text).to.contain('Jupyter Notebook');
    expect(text).to.contain('Folder');
    expect(text).to.contain('The folder the notebook starts in.');
    expect(text).to.contain('Resources');
    expect(deep(el, 'fieldset legend')?.textContent).to.equal('Resources');
    expect(input(el, 'folder').value).to.equal('');
    expect(input(el, 'resources.cpu').value).to.equal('1');
    expect(input(el, 'resources.cpu').type).to.equal('number');
    expect(input(el, 'resources.memory').tagName).to.equal('SELECT');
    expect(input(el, 'resources.memory').selectedOptions[0]!.textContent).to.equal('2Gi');
    expect(input(el, 'gpu').type).to.equal('checkbox');
    expect(deep(el, '#friendly-name')).to.exist;
    expect(deep(el, 'button[type="submit"]')!.textContent!.trim()).to.equal('Launch');
    await expect(el).to.be.accessible();
  });

  it('sends only the differences from the defaults, then fires atelier-service-launched', async () => {
    const { el, api } = await mountLauncher();
    type(input(el, 'folder'), 'projects/thesis');
    type(input(el, 'resources.cpu'), '4');
    const name = deep<HTMLInputElement>(el, '#friendly-name')!;
    name.value = 'Thesis';
    name.dispatchEvent(new Event('input'));
    await el.updateComplete;

    const launch = oneEvent(el, 'atelier-launch');
    submit(el);
    const launchEvent = await launch;
    expect(launchEvent.detail).to.deep.equal({
      catalog: 'local',
      service: 'jupyter',
      name: 'Thesis',
      values: { folder: 'projects/thesis', resources: { cpu: 4 } },
      completeValues: { folder: 'projects/thesis', resources: { cpu: 4, memory: '2Gi' }, gpu: false },
    });
    const launched = await oneEvent(el, 'atelier-service-launched');
    expect(launched.detail.service.id).to.equal('svc-new');
    expect(api.callsTo('launch')[0]!.args[0]).to.deep.equal({
      catalog: 'local',
      service: 'jupyter',
      name: 'Thesis',
      values: { folder: 'projects/thesis', resources: { cpu: 4 } },
    });
    await settle(el);
    expect(visibleText(el)).to.contain('Thesis is starting.');
  });

  it('sends empty values when nothing changed', async () => {
    const { el, api } = await mountLauncher();
    submit(el);
    await oneEvent(el, 'atelier-service-launched');
    expect(api.callsTo('launch')[0]!.args[0]).to.deep.equal({ catalog: 'local', service: 'jupyter', values: {} });
  });

  it('lets the host page take over by preventing atelier-launch', async () => {
    const { el, api } = await mountLauncher();
    el.addEventListener('atelier-launch', (event) => event.preventDefault());
    submit(el);
    await settle(el);
    expect(api.callsTo('launch')).to.have.length(0);
  });

  it('shows a 400’s field errors next to their fields, and the rest in an alert', async () => {
    const { el, api } = await mountLauncher();
    api.launchResult = async () => {
      throw new ApiRequestError(400, {
        code: 'invalid',
        message: 'Invalid values',
        errors: [
          { path: 'resources.cpu', message: 'must be <= 2 for your group' },
          { path: 'quota', message: 'you already run 3 services' },
        ],
      });
    };
    submit(el);
    await settle(el);
    const cpu = input(el, 'resources.cpu');
    expect(cpu.getAttribute('aria-invalid')).to.equal('true');
    const field = cpu.closest('[part~="field"]')!;
    const error = field.querySelector('[part~="field-error"]')!;
    expect(error.textContent).to.equal('must be <= 2 for your group');
    expect(cpu.getAttribute('aria-describedby')).to.contain(error.id);
    expect(el.shadowRoot!.activeElement).to.equal(cpu);
    const alert = deep(el, 'form > [role="alert"]')!;
    expect(alert.textContent).to.contain('quota: you already run 3 services');
    await expect(el).to.be.accessible();

    // Editing the field clears its server error.
    type(cpu, '2');
    await el.updateComplete;
    expect(cpu.getAttribute('aria-invalid')).to.equal('false');
  });

  it('shows other errors (409 unavailable) in the alert region', async () => {
    const { el, api } = await mountLauncher();
    api.launchResult = async () => {
      throw new ApiRequestError(409, { code: 'unavailable', message: 'Jupyter is not installed on this server.' });
    };
    submit(el);
    await settle(el);
    expect(deep(el, 'form > [role="alert"]')!.textContent).to.contain('Jupyter is not installed on this server.');
  });

  it('checks values in the browser first (pattern, bounds) and sends nothing while they are wrong', async () => {
    const { el, api } = await mountLauncher();
    type(input(el, 'folder'), '../etc');
    await el.updateComplete;
    expect(input(el, 'folder').getAttribute('aria-invalid')).to.equal('true');
    type(input(el, 'resources.cpu'), '16');
    let fired = false;
    el.addEventListener('atelier-launch', () => (fired = true));
    submit(el);
    await settle(el);
    expect(fired).to.be.false;
    expect(api.callsTo('launch')).to.have.length(0);
    const text = visibleText(el);
    expect(text).to.contain('This value does not have the expected format.');
    expect(text).to.contain('Enter 8 or less.');
  });

  it('restores the defaults', async () => {
    const { el } = await mountLauncher();
    type(input(el, 'folder'), 'somewhere');
    type(input(el, 'resources.cpu'), '3');
    await el.updateComplete;
    deep<HTMLButtonElement>(el, 'button[part~="restore"]')!.click();
    await el.updateComplete;
    expect(input(el, 'folder').value).to.equal('');
    expect(input(el, 'resources.cpu').value).to.equal('1');
  });

  it('signed out: shows the form, and its submit signs in instead of launching', async () => {
    const { el, api, identity } = await mountLauncher({ signedIn: false });
    expect(el.matches(':state(signed-out)')).to.be.true;
    expect(input(el, 'folder')).to.exist;
    const button = deep<HTMLButtonElement>(el, 'button[type="submit"]')!;
    expect(button.textContent!.trim()).to.equal('Sign in to launch');
    identity.onSignIn = async () => undefined; // the user closes the popup
    button.click();
    await settle(el);
    expect(identity.signInCalls).to.equal(1);
    expect(api.callsTo('launch')).to.have.length(0);
    expect(deep(el, '[role="alert"]')?.textContent ?? '').not.to.contain('failed');
  });

  it('explains an unavailable entry and disables its submit', async () => {
    const entry = { ...sampleEntry, unavailable: { reason: 'Jupyter is not installed.', hint: 'Run apt-get install jupyter-notebook.' } };
    const { el } = await mountLauncher({ entry });
    const text = visibleText(el);
    expect(text).to.contain('Jupyter is not installed.');
    expect(text).to.contain('Run apt-get install jupyter-notebook.');
    const button = deep<HTMLButtonElement>(el, 'button[type="submit"]')!;
    expect(button.disabled).to.be.true;
    expect(button.getAttribute('aria-describedby')).to.equal('unavailable');
    await expect(el).to.be.accessible();
  });

  it('without a signed-in user or public catalogs, asks to sign in and sends nothing', async () => {
    const api = new FakeApi();
    const el = await mount<AtelierLauncher>(html`<atelier-launcher catalog="local" service="jupyter"></atelier-launcher>`, {
      api,
      config: { ...testConfig, publicCatalogs: false },
    });
    await settle(el);
    expect(api.calls).to.have.length(0);
    expect(deep(el, 'button[part~="sign-in"]')).to.exist;
  });

  it('speaks French under lang="fr"', async () => {
    const { el, api } = await mountLauncher({ lang: 'fr', signedIn: false });
    expect((api.callsTo('getCatalogEntry')[0]!.args[2] as { lang: string }).lang).to.equal('fr');
    const text = visibleText(el);
    expect(text).to.contain('Rétablir les valeurs par défaut');
    expect(text).to.contain('Se connecter pour lancer');
    expect(text).to.contain('Nom');
  });
});
