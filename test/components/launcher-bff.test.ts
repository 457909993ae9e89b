import { expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { RequestOptions } from '../../components/api/api.js';
import { ApiRequestError } from '../../components/api/errors.js';
import type { CatalogEntry } from '../../components/api/types.js';
import '../../components/launcher/launcher.js';
import type { AtelierLauncher } from '../../components/launcher/launcher.element.js';
import { emptyContext } from '../../components/schema/context.js';
import { parseLaunchLink } from '../../components/schema/launch-link.js';
import { alice, deep, deepAll, FakeApi, FakeIdentity, mount, settle, testConfig, visibleText } from './fixtures.js';

const context = { ...emptyContext({ oneTimePassword: 'Seed1234abcd', randomSubdomain: '777777' }), user: { idep: 'alice', lang: 'en', groups: [] } };

const labEntry: CatalogEntry = {
  id: 'demo',
  catalog: 'charts',
  name: 'Demo chart',
  description: 'A Helm chart',
  icon: null,
  category: 'tool',
  version: '1.1.0',
  versions: ['1.1.0', '1.0.0'],
  unavailable: null,
  launchable: true,
  schema: {
    type: 'object',
    properties: {
      message: { type: 'string', title: 'Message', default: 'hello' },
      replicas: { type: 'integer', title: 'Replicas', minimum: 1, maximum: 3, default: 1 },
      env: { type: 'array', title: 'Variables', default: [{ name: 'A' }], items: { type: 'object', properties: { name: { type: 'string', title: 'Name' } } } },
      owner: { type: 'string', title: 'Owner', default: 'alice', hidden: true },
    },
  },
  defaults: { message: 'hello', replicas: 1, env: [{ name: 'A' }], owner: 'alice' },
  context,
};

/** A fake BFF whose entry depends on the version asked for. */
class VersionedApi extends FakeApi {
  override async getCatalogEntry(catalog: string, service: string, options?: RequestOptions & { version?: string }): Promise<CatalogEntry> {
    this.calls.push({ method: 'getCatalogEntry', args: [catalog, service, options] });
    const entry = structuredClone(labEntry);
    if (options?.version === '1.0.0') {
      entry.version = '1.0.0';
      entry.defaults = { ...entry.defaults, message: 'old hello' };
      (entry.schema.properties as Record<string, { default?: unknown }>).message!.default = 'old hello';
    }
    return entry;
  }
}

async function mountLauncher(options: { entry?: Partial<CatalogEntry>; config?: typeof testConfig; signedIn?: boolean; template?: ReturnType<typeof html> } = {}) {
  const api = new VersionedApi();
  if (options.entry) {
    const custom = { ...labEntry, ...options.entry };
    api.getCatalogEntry = async (...args) => {
      api.calls.push({ method: 'getCatalogEntry', args });
      return structuredClone(custom);
    };
  }
  const el = await mount<AtelierLauncher>(options.template ?? html`<atelier-launcher catalog="charts" service="demo" link-base="http://portal.test/"></atelier-launcher>`, {
    api,
    identity: new FakeIdentity(options.signedIn === false ? null : alice),
    config: options.config ?? testConfig,
  });
  await settle(el);
  return { el, api };
}

const control = <T extends HTMLElement = HTMLInputElement>(el: AtelierLauncher, key: string) => deep<T>(el, `[id="field-${key}"]`)!;
async function type(el: AtelierLauncher, key: string, value: string) {
  const input = control(el, key);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await el.updateComplete;
}
const submit = (el: AtelierLauncher) => deep<HTMLButtonElement>(el, 'button[type="submit"]')!;
const button = (el: AtelierLauncher, label: string) => deepAll<HTMLButtonElement>(el, 'button').find((b) => b.getAttribute('aria-label') === label || b.textContent!.trim() === label)!;

describe('atelier-launcher with the BFF', () => {
  it('sends the form’s random values back (seed), so the server’s defaults are the form’s', async () => {
    const { el, api } = await mountLauncher();
    await type(el, 'replicas', '2');
    submit(el).click();
    await oneEvent(el, 'atelier-service-launched');
    expect(api.callsTo('launch')[0]!.args[0]).to.deep.equal({
      catalog: 'charts',
      service: 'demo',
      values: { replicas: 2 },
      seed: { oneTimePassword: 'Seed1234abcd', randomSubdomain: '777777' },
    });
    document.documentElement.lang = 'fr';
    await waitUntil(() => api.callsTo('getCatalogEntry').length === 2, 'reloads in French');
    document.documentElement.lang = '';
    const second = api.callsTo('getCatalogEntry')[1]!.args[2] as { seed: unknown };
    expect(second.seed).to.deep.equal({ oneTimePassword: 'Seed1234abcd', randomSubdomain: '777777' });
    await settle(el);
    expect(el.value.replicas).to.equal(2, 'the user’s changes survive a reload');
  });

  it('offers the versions; another one is loaded and launched, the user’s changes kept', async () => {
    const { el, api } = await mountLauncher();
    await type(el, 'replicas', '3');
    const select = deep<HTMLSelectElement>(el, '#version')!;
    expect([...select.options].map((o) => o.value)).to.deep.equal(['1.1.0', '1.0.0']);
    select.value = '1.0.0';
    select.dispatchEvent(new Event('change'));
    await waitUntil(() => el.value.message === 'old hello', 'version 1.0.0 loaded');
    expect((api.callsTo('getCatalogEntry').at(-1)!.args[2] as { version: string }).version).to.equal('1.0.0');
    expect(el.value.replicas).to.equal(3);
    submit(el).click();
    await oneEvent(el, 'atelier-service-launched');
    expect((api.callsTo('launch')[0]!.args[0] as { version: string }).version).to.equal('1.0.0');
  });

  it('an entry this server cannot launch: its values are checked instead (dry run), and errors land at their fields', async () => {
    const { el, api } = await mountLauncher({ entry: { launchable: false } });
    expect(visibleText(el)).to.contain('This server cannot launch this service: it needs the Kubernetes driver.');
    expect(submit(el).textContent!.trim()).to.equal('Check values');
    let launchEvents = 0;
    el.addEventListener('atelier-launch', () => launchEvents++);
    submit(el).click();
    await waitUntil(() => visibleText(el).includes('These values are valid.'));
    expect(api.callsTo('checkLaunch')).to.have.length(1);
    expect(api.callsTo('launch')).to.have.length(0);
    expect(launchEvents).to.equal(0);

    api.checkResult = async () => {
      throw new ApiRequestError(400, { code: 'invalid_values', message: 'no', errors: [{ path: 'env.0.name', message: 'Name: this value is not allowed here' }] });
    };
    submit(el).click();
    await waitUntil(() => control(el, 'env.0.name').getAttribute('aria-invalid') === 'true');
    expect(visibleText(deep(el, '[data-key="env.0.name"]')!)).to.contain('Name: this value is not allowed here');
    await expect(el).to.be.accessible();
  });

  it('a launch link fills the form in, and autoLaunch asks first', async () => {
    const link = parseLaunchLink('?launch=charts/demo&name=From%20link&replicas=2&env[0].name=%C2%ABB%C2%BB&autoLaunch=true')!;
    const { el, api } = await mountLauncher({ template: html`<atelier-launcher catalog="charts" service="demo" .launchLink=${link}></atelier-launcher>` });
    expect(el.value).to.deep.equal({ message: 'hello', replicas: 2, env: [{ name: 'B' }], owner: 'alice' });
    expect(deep<HTMLInputElement>(el, '#friendly-name')!.value).to.equal('From link');
    const text = visibleText(el);
    expect(text).to.contain('This form was filled in from a launch link.');
    expect(text).to.contain('This link asks to launch Demo chart with the values below. Launch it now?');
    expect(api.callsTo('launch')).to.have.length(0, 'nothing launched without asking');
    await expect(el).to.be.accessible();
    button(el, 'Launch now').click();
    await oneEvent(el, 'atelier-service-launched');
    expect(api.callsTo('launch')[0]!.args[0]).to.deep.include({ name: 'From link', values: { replicas: 2, env: [{ name: 'B' }] } });
  });

  it('autoLaunch launches at once when the configuration allows it', async () => {
    const link = parseLaunchLink('?launch=charts/demo&replicas=3&autoLaunch=true')!;
    const { el, api } = await mountLauncher({
      config: { ...testConfig, launch: { autoLaunch: true } },
      template: html`<atelier-launcher catalog="charts" service="demo" .launchLink=${link}></atelier-launcher>`,
    });
    await waitUntil(() => api.callsTo('launch').length === 1, 'launched without a question');
    expect((api.callsTo('launch')[0]!.args[0] as { values: unknown }).values).to.deep.equal({ replicas: 3 });
    expect(visibleText(el)).not.to.contain('Launch it now?');
  });

  it('copies a launch link that carries only the differences, in Onyxia’s encoding', async () => {
    const { el } = await mountLauncher();
    await type(el, 'message', 'hi «you»');
    const name = deep<HTMLInputElement>(el, '#friendly-name')!;
    name.value = 'Shared';
    name.dispatchEvent(new Event('input'));
    deep<HTMLButtonElement>(el, '[part~="copy-link"]')!.click();
    await el.updateComplete;
    const link = deep<HTMLInputElement>(el, '#launch-link')!.value;
    expect(link).to.equal('http://portal.test/?launch=charts/demo&name=Shared&message=%C2%ABhi%20%C2%AByou%C2%BB%C2%BB');
    const parsed = parseLaunchLink(new URL(link).search)!;
    expect(parsed.patches).to.deep.equal([{ path: ['message'], value: 'hi «you»' }]);
  });

  it('saves the form under a name, and uses, launches, renames, reorders and deletes saved configurations', async () => {
    const { el, api } = await mountLauncher();
    expect(visibleText(el)).to.contain('No saved configuration for this service yet.');
    const save = async (name: string) => {
      const input = deep<HTMLInputElement>(el, '#save-name')!;
      input.value = name;
      deep<HTMLButtonElement>(el, '[part~="save"]')!.click();
      await waitUntil(() => api.configurations.some((c) => c.name === name));
      await settle(el);
    };
    await type(el, 'replicas', '2');
    await save('Two replicas');
    expect(api.callsTo('saveConfiguration')[0]!.args[0]).to.deep.equal({ name: 'Two replicas', catalog: 'charts', service: 'demo', version: null, friendlyName: '', values: { replicas: 2 } });
    expect(visibleText(el)).to.contain('“Two replicas” is saved.');
    await type(el, 'replicas', '3');
    await save('Three');
    const names = () => deepAll(el, '[part~="saved-name"]').map((n) => n.textContent);
    expect(names()).to.deep.equal(['Two replicas', 'Three']);

    deep<HTMLButtonElement>(el, '[part~="restore"]')!.click();
    await el.updateComplete;
    button(el, 'Use Two replicas').click();
    await el.updateComplete;
    expect(el.value.replicas).to.equal(2);

    button(el, 'Move Three up').click();
    await waitUntil(() => names()[0] === 'Three');
    expect(api.callsTo('reorderConfigurations')[0]!.args[0]).to.deep.equal(['cfg-2', 'cfg-1']);

    button(el, 'Rename Three').click();
    await settle(el);
    const rename = deep<HTMLInputElement>(el, '#rename-cfg-2')!;
    expect(el.shadowRoot!.activeElement).to.equal(rename);
    rename.value = 'Three replicas';
    rename.form!.requestSubmit();
    await waitUntil(() => names()[0] === 'Three replicas');

    button(el, 'Launch Three replicas').click();
    await oneEvent(el, 'atelier-service-launched');
    expect((api.callsTo('launch')[0]!.args[0] as { values: unknown }).values).to.deep.equal({ replicas: 3 });

    button(el, 'Delete Two replicas').click();
    await waitUntil(() => names().length === 1);
    expect(api.configurations.map((c) => c.name)).to.deep.equal(['Three replicas']);
    await expect(el).to.be.accessible();
  });

  it('signed out: no saved configurations are asked for', async () => {
    const { el, api } = await mountLauncher({ signedIn: false });
    expect(api.callsTo('listConfigurations')).to.have.length(0);
    expect(deep(el, '[part~="configurations"]')).to.equal(null);
  });
});
