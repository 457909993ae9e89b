import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../components/launcher/launcher.js';
import type { AtelierLauncher } from '../../components/launcher/launcher.element.js';
import { emptyContext } from '../../components/schema/context.js';
import { deep, deepAll, FakeApi, mount, settle, visibleText } from './fixtures.js';

// The project's own small schemas, one per keyword: what a user sees, and what `value` becomes.
// These launchers are given a schema: they work without the BFF and must make no request.

type Schema = Record<string, unknown>;
const objectOf = (properties: Schema, extra: Schema = {}) => ({ type: 'object', properties, ...extra });

async function standalone(schema: Schema, options: { context?: unknown; values?: Record<string, unknown> } = {}) {
  const api = new FakeApi();
  const el = await mount<AtelierLauncher>(
    html`<atelier-launcher catalog="lab" service="demo" .schema=${schema} .context=${options.context} .values=${options.values}></atelier-launcher>`,
    { api },
  );
  await settle(el);
  return { el, api };
}

const control = <T extends HTMLElement = HTMLInputElement>(el: AtelierLauncher, key: string) => deep<T>(el, `[id="field-${key}"]`)!;
const fieldOf = (el: AtelierLauncher, key: string) => deep(el, `[data-key="${key}"]`);
const textOf = (el: AtelierLauncher, key: string) => visibleText(fieldOf(el, key)!);

async function type(el: AtelierLauncher, key: string, value: string) {
  const input = control(el, key);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await el.updateComplete;
}

async function choose(el: AtelierLauncher, key: string, label: string) {
  const select = control<HTMLSelectElement>(el, key);
  select.value = [...select.options].find((option) => option.textContent === label)!.value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  await el.updateComplete;
}

async function slide(el: AtelierLauncher, key: string, value: number) {
  const input = control(el, key);
  input.value = String(value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await el.updateComplete;
}

describe('atelier-launcher: Onyxia’s keywords, one small schema each', () => {
  it('string: title, description and default as label, help and value; typing changes `value`', async () => {
    const { el, api } = await standalone(objectOf({ folder: { type: 'string', title: 'Folder', description: 'Where to start', default: 'work' } }));
    expect(textOf(el, 'folder')).to.equal('Folder Where to start');
    expect(control(el, 'folder').value).to.equal('work');
    expect(el.value).to.deep.equal({ folder: 'work' });
    await type(el, 'folder', 'thesis');
    expect(el.value).to.deep.equal({ folder: 'thesis' });
    expect(api.calls).to.deep.equal([], 'no request at all');
  });

  it('const: shown read-only, always in `value`', async () => {
    const { el } = await standalone(objectOf({ tier: { type: 'string', title: 'Tier', const: 'standard', default: 'premium' } }));
    const select = control<HTMLSelectElement>(el, 'tier');
    expect(select.disabled).to.be.true;
    expect(select.selectedOptions[0]!.textContent).to.equal('standard');
    expect(el.value).to.deep.equal({ tier: 'standard' });
  });

  it('enum and listEnum (render: list) are choices; listEnum wins over enum', async () => {
    const { el } = await standalone(
      objectOf({
        policy: { type: 'string', title: 'Pull policy', enum: ['Always', 'IfNotPresent'], default: 'IfNotPresent' },
        image: { type: 'string', title: 'Image', render: 'list', listEnum: ['py:3.12', 'py:3.13'], enum: ['ignored'], default: 'py:3.13' },
      }),
    );
    expect([...control<HTMLSelectElement>(el, 'image').options].map((option) => option.textContent)).to.deep.equal(['py:3.12', 'py:3.13']);
    await choose(el, 'policy', 'Always');
    await choose(el, 'image', 'py:3.12');
    expect(el.value).to.deep.equal({ policy: 'Always', image: 'py:3.12' });
  });

  it('pattern, minimum/maximum and required: a readable message at the field, and no launch', async () => {
    const { el } = await standalone(
      objectOf(
        {
          bucket: { type: 'string', title: 'Bucket', pattern: '^[a-z0-9-]+$', default: 'ok' },
          workers: { type: 'integer', title: 'Workers', minimum: 1, maximum: 8, default: 2 },
          ratio: { type: 'number', title: 'Ratio', default: 0.5 },
          owner: { type: 'string', title: 'Owner', minLength: 1, default: 'me' },
        },
        { required: ['owner'] },
      ),
    );
    await type(el, 'bucket', 'Not OK!');
    expect(textOf(el, 'bucket')).to.contain('This value does not have the expected format.');
    expect(control(el, 'bucket').getAttribute('aria-invalid')).to.equal('true');
    await type(el, 'workers', '9');
    expect(textOf(el, 'workers')).to.contain('Enter 8 or less.');
    await type(el, 'ratio', '0.25');
    await type(el, 'owner', '');
    let fired = false;
    el.addEventListener('atelier-launch', () => (fired = true));
    deep<HTMLButtonElement>(el, 'button[type="submit"]')!.click();
    await settle(el);
    expect(fired).to.be.false;
    expect(textOf(el, 'owner')).to.contain('This field is required.');
    expect(el.value).to.deep.equal({ bucket: 'Not OK!', workers: 9, ratio: 0.25, owner: '' });
    expect(el.shadowRoot!.activeElement).to.equal(control(el, 'bucket'), 'the first invalid field gets the focus');
  });

  it('render textArea and password (masked, with a reveal toggle)', async () => {
    const { el } = await standalone(
      objectOf({
        script: { type: 'string', title: 'Script', render: 'textArea', default: 'echo hi' },
        token: { type: 'string', title: 'Token', render: 'password', default: 's3cret' },
      }),
    );
    expect(control(el, 'script').localName).to.equal('textarea');
    const token = control(el, 'token');
    expect(token.type).to.equal('password');
    const reveal = deep<HTMLButtonElement>(fieldOf(el, 'token')!.closest('atelier-launcher') ?? el, '[part~="reveal"]')!;
    expect(reveal.getAttribute('aria-label')).to.equal('Show Token');
    expect(reveal.getAttribute('aria-pressed')).to.equal('false');
    reveal.click();
    await el.updateComplete;
    expect(control(el, 'token').type).to.equal('text');
    expect(reveal.getAttribute('aria-pressed')).to.equal('true');
    expect(reveal.textContent).to.equal('Hide');
    await type(el, 'token', 'other');
    expect(el.value).to.deep.equal({ script: 'echo hi', token: 'other' });
  });

  it('render slider: "2Gi" on a Gi slider, moved to 3 → "3Gi"; a numeric slider stays a number', async () => {
    const { el } = await standalone(
      objectOf({
        memory: { type: 'string', title: 'Memory', render: 'slider', sliderMin: 1, sliderMax: 64, sliderStep: 1, sliderUnit: 'Gi', default: '2Gi' },
        cpus: { type: 'number', title: 'CPUs', render: 'slider', sliderMin: 0.5, sliderMax: 8, sliderStep: 0.5, default: 1 },
      }),
    );
    const memory = control(el, 'memory');
    expect([memory.type, memory.min, memory.max, memory.step, memory.value]).to.deep.equal(['range', '1', '64', '1', '2']);
    expect(textOf(el, 'memory')).to.contain('2Gi');
    await slide(el, 'memory', 3);
    await slide(el, 'cpus', 2.5);
    expect(el.value).to.deep.equal({ memory: '3Gi', cpus: 2.5 });
    expect(control(el, 'memory').getAttribute('aria-valuetext')).to.equal('3Gi');
  });

  it('two sliders sharing a sliderRangeId are one range slider, whose ends cannot cross', async () => {
    const half = (extremity: string, semantic: string, value: string) => ({
      type: 'string', title: 'CPU', render: 'slider', sliderMin: 100, sliderMax: 4000, sliderStep: 100, sliderUnit: 'm',
      sliderExtremity: extremity, sliderExtremitySemantic: semantic, sliderRangeId: 'cpu', default: value,
    });
    const { el } = await standalone(
      objectOf({
        resources: {
          type: 'object',
          title: 'Resources',
          properties: {
            requests: { type: 'object', properties: { cpu: half('down', 'guaranteed', '500m') } },
            limits: { type: 'object', properties: { cpu: half('up', 'Maximum', '2000m') } },
          },
        },
      }),
    );
    const range = deep(el, 'fieldset.range')!;
    expect(range.querySelector('legend')!.textContent).to.equal('CPU');
    expect([...range.querySelectorAll('label')].map((label) => label.textContent)).to.deep.equal(['guaranteed', 'Maximum']);
    expect(deepAll(el, 'fieldset').map((set) => set.querySelector('legend')!.textContent)).to.deep.equal(['Resources', 'CPU'], 'requests and limits groups are gone');
    await slide(el, 'resources.requests.cpu', 1000);
    await slide(el, 'resources.limits.cpu', 3000);
    expect(el.value).to.deep.equal({ resources: { requests: { cpu: '1000m' }, limits: { cpu: '3000m' } } });
    await slide(el, 'resources.requests.cpu', 3500);
    expect(el.value).to.deep.equal({ resources: { requests: { cpu: '3000m' }, limits: { cpu: '3000m' } } }, 'the lower end stops at the upper');
  });

  it('hidden: true, x-onyxia.hidden and hidden {value, path, isPathRelative}, evaluated while editing; hidden values travel', async () => {
    const { el } = await standalone(
      objectOf({
        internal: { type: 'string', default: 'kept', hidden: true },
        region: { type: 'string', default: 'eu', 'x-onyxia': { hidden: true } },
        git: {
          type: 'object',
          title: 'Git',
          properties: {
            enabled: { type: 'boolean', title: 'Use git', default: false },
            repository: { type: 'string', title: 'Repository', default: '', hidden: { value: false, path: 'enabled', isPathRelative: true } },
            branch: { type: 'string', title: 'Branch', default: 'main', hidden: { value: false, path: 'git/enabled' } },
          },
        },
      }),
    );
    expect(fieldOf(el, 'internal')).to.equal(null);
    expect(fieldOf(el, 'region')).to.equal(null);
    expect(fieldOf(el, 'git.repository')).to.equal(null);
    control(el, 'git.enabled').click();
    await el.updateComplete;
    expect(textOf(el, 'git.repository')).to.equal('Repository');
    expect(textOf(el, 'git.branch')).to.equal('Branch');
    await type(el, 'git.repository', 'https://git.example/r.git');
    expect(el.value).to.deep.equal({ internal: 'kept', region: 'eu', git: { enabled: true, repository: 'https://git.example/r.git', branch: 'main' } });
  });

  it('x-onyxia.readonly and readOnly fields cannot be edited', async () => {
    const { el } = await standalone(objectOf({ domain: { type: 'string', title: 'Domain', default: 'lab.example', 'x-onyxia': { readonly: true } } }));
    expect(control(el, 'domain').readOnly).to.be.true;
  });

  it('objects without properties and arrays without items are YAML or JSON text, with parse errors at the field', async () => {
    const { el } = await standalone(
      objectOf({
        nodeSelector: { type: 'object', title: 'Node selector', default: { disktype: 'ssd' } },
        tolerations: { type: 'array', title: 'Tolerations', default: [] },
      }),
    );
    expect(control(el, 'nodeSelector').value).to.equal('disktype: ssd');
    expect(textOf(el, 'nodeSelector')).to.contain('YAML or JSON.');
    await type(el, 'nodeSelector', 'disktype: hdd\nzone: "b"');
    expect(el.value.nodeSelector).to.deep.equal({ disktype: 'hdd', zone: 'b' });
    await type(el, 'nodeSelector', 'disktype: hdd\n  zone: b');
    expect(textOf(el, 'nodeSelector')).to.contain('Line 2: this line is not indented like the lines around it.');
    expect(control(el, 'nodeSelector').getAttribute('aria-invalid')).to.equal('true');
    expect(el.value.nodeSelector).to.deep.equal({ disktype: 'hdd', zone: 'b' }, 'the last valid value is kept');
    await type(el, 'tolerations', '[{"key": "gpu", "operator": "Exists"}]');
    expect(el.value.tolerations).to.deep.equal([{ key: 'gpu', operator: 'Exists' }]);
    await type(el, 'tolerations', 'key: gpu');
    expect(textOf(el, 'tolerations')).to.contain('Enter a list');
  });

  it('arrays with items: add and remove rows within minItems and maxItems', async () => {
    const { el } = await standalone(
      objectOf({
        env: {
          type: 'array',
          title: 'Variables',
          minItems: 1,
          maxItems: 2,
          default: [{ name: 'A', value: '1' }],
          items: { type: 'object', properties: { name: { type: 'string', title: 'Name', pattern: '^[A-Z_]+$', default: 'NEW' }, value: { type: 'string', title: 'Value', default: '' } } },
        },
      }),
    );
    const add = () => deep<HTMLButtonElement>(el, '[part~="add"]')!;
    const removes = () => deepAll<HTMLButtonElement>(el, '[part~="remove"]');
    expect(add().getAttribute('aria-label')).to.equal('Add to Variables');
    expect(removes()[0]!.disabled, 'minItems').to.be.true;
    add().click();
    await el.updateComplete;
    expect(add().disabled, 'maxItems').to.be.true;
    expect(control(el, 'env.1.name').value).to.equal('NEW');
    await type(el, 'env.1.name', 'B');
    expect(el.value).to.deep.equal({ env: [{ name: 'A', value: '1' }, { name: 'B', value: '' }] });
    expect(removes()[0]!.getAttribute('aria-label')).to.equal('Remove Variables 1');
    removes()[0]!.click();
    await el.updateComplete;
    expect(el.value).to.deep.equal({ env: [{ name: 'B', value: '' }] });
  });

  it('overwriteDefaultWith and overwriteListEnumWith from the context property: types kept, text interpolated, unresolved → default', async () => {
    const context = {
      ...emptyContext({ oneTimePassword: 'OneTime123' }),
      user: { idep: 'alice', name: 'Alice', email: 'a@example.org', lang: 'en', groups: ['stats'] },
      project: { id: 'user-alice' },
      region: { resources: { cpuRequest: '250m' }, gpus: 2, nodeSelector: { disktype: 'ssd' } },
      k8s: { domain: 'lab.example', randomSubdomain: '424242' },
      models: ['small', 'large'],
      people: [{ login: 'bob' }, { login: 'carol' }],
    };
    const { el } = await standalone(
      objectOf({
        owner: { type: 'string', title: 'Owner', default: 'nobody', 'x-onyxia': { overwriteDefaultWith: 'user.idep' } },
        host: { type: 'string', title: 'Host', 'x-onyxia': { overwriteDefaultWith: '{{project.id}}-{{k8s.randomSubdomain}}.{{k8s.domain}}' } },
        group: { type: 'string', title: 'Group', 'x-onyxia': { overwriteDefaultWith: '{{user.groups[0]}}' } },
        gpus: { type: 'integer', title: 'GPUs', default: 0, 'x-onyxia': { overwriteDefaultWith: '{{region.gpus}}' } },
        password: { type: 'string', title: 'Password', render: 'password', default: 'changeme', 'x-onyxia': { overwriteDefaultWith: '{{service.oneTimePassword}}' } },
        s3key: { type: 'string', title: 'S3 key', default: 'none', 'x-onyxia': { overwriteDefaultWith: '{{s3.AWS_ACCESS_KEY_ID}}' } },
        selector: { type: 'object', title: 'Selector', default: {}, 'x-onyxia': { overwriteDefaultWith: 'region.nodeSelector' } },
        model: { type: 'string', title: 'Model', listEnum: [], default: 'large', 'x-onyxia': { overwriteListEnumWith: '{{models}}' } },
        fixed: { type: 'string', title: 'Fixed', const: 'c', 'x-onyxia': { overwriteDefaultWith: 'user.idep' } },
        people: { type: 'array', title: 'People', default: [], 'x-onyxia': { overwriteDefaultWith: '{{people}}' }, items: { type: 'object', properties: { login: { type: 'string', title: 'Login' } } } },
      }),
      { context },
    );
    expect(el.value).to.deep.equal({
      owner: 'alice',
      host: 'user-alice-424242.lab.example',
      group: 'stats',
      gpus: 2,
      password: 'OneTime123',
      s3key: 'none',
      selector: { disktype: 'ssd' },
      model: 'large',
      fixed: 'c',
      people: [{ login: 'bob' }, { login: 'carol' }],
    });
    expect(control(el, 'gpus').value).to.equal('2');
    expect([...control<HTMLSelectElement>(el, 'model').options].map((option) => option.textContent)).to.deep.equal(['small', 'large']);
    expect(control(el, 'people.1.login').value).to.equal('carol');
  });

  it('`values` are laid over the defaults; restore defaults; submitting fires a cancelable atelier-launch with the values, and nothing else', async () => {
    const schema = objectOf({ a: { type: 'string', default: 'x' }, b: { type: 'integer', default: 1 }, hiddenOne: { type: 'string', default: 'h', hidden: true } });
    const { el, api } = await standalone(schema, { values: { b: 5 } });
    expect(el.value).to.deep.equal({ a: 'x', b: 5, hiddenOne: 'h' });
    await type(el, 'a', 'y');
    const name = deep<HTMLInputElement>(el, '#friendly-name')!;
    name.value = 'Mine';
    name.dispatchEvent(new Event('input'));
    await el.updateComplete;
    el.addEventListener('atelier-launch', (event) => event.preventDefault(), { once: true });
    setTimeout(() => deep<HTMLButtonElement>(el, 'button[type="submit"]')!.click());
    const event = await oneEvent(el, 'atelier-launch');
    expect(event.cancelable).to.be.true;
    expect(event.detail).to.deep.equal({ catalog: 'lab', service: 'demo', name: 'Mine', values: { a: 'y', b: 5 }, completeValues: { a: 'y', b: 5, hiddenOne: 'h' } });
    deep<HTMLButtonElement>(el, '[part~="restore"]')!.click();
    await el.updateComplete;
    expect(el.value).to.deep.equal({ a: 'x', b: 1, hiddenOne: 'h' });
    expect(api.calls).to.deep.equal([]);
  });

  it('works alone in a page, with no provider and no session: no request, no sign-in, and reports unknown keywords', async () => {
    const el = await fixture<AtelierLauncher>(html`<atelier-launcher .schema=${objectOf({ a: { type: 'string', title: 'A', colour: 'red' } }, { title: 'Preview' })}></atelier-launcher>`);
    await settle(el);
    expect(visibleText(el)).to.contain('Preview');
    expect(deep(el, 'button[type="submit"]')!.textContent!.trim()).to.equal('Launch');
    expect(el.unknownKeywords).to.deep.equal(['properties.a.colour']);
    expect(deep(el, '[part~="configurations"]')).to.equal(null, 'saved configurations need the BFF');
  });

  it('a form with every kind of field is accessible', async () => {
    const { el } = await standalone(
      objectOf({
        text: { type: 'string', title: 'Text', description: 'Some text', default: '' },
        secret: { type: 'string', title: 'Secret', render: 'password', default: '' },
        n: { type: 'integer', title: 'Number', default: 1 },
        flag: { type: 'boolean', title: 'Flag', default: true },
        choice: { type: 'string', title: 'Choice', enum: ['a', 'b'], default: 'a' },
        size: { type: 'string', title: 'Size', render: 'slider', sliderMin: 1, sliderMax: 10, sliderUnit: 'Gi', default: '2Gi' },
        free: { type: 'object', title: 'Free', default: {} },
        list: { type: 'array', title: 'List', default: ['x'], items: { type: 'string', title: 'Item' } },
      }),
    );
    await expect(el).to.be.accessible();
  });
});
