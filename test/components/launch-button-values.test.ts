import { expect, html, oneEvent } from '@open-wc/testing';
import '../../components/launch-button/launch-button.js';
import type { AtelierLaunchButton } from '../../components/launch-button/launch-button.element.js';
import { alice, deep, FakeApi, FakeIdentity, mount, settle } from './fixtures.js';

// A preconfigured launch button, as a course page holds one: its `values` attribute.
describe('atelier-launch-button values', () => {
  const mountButton = (values: string, lang?: string) => {
    const api = new FakeApi();
    const element = mount<AtelierLaunchButton>(
      html`<atelier-launch-button catalog="local" service="jupyter" name="STAT 101" values=${values}></atelier-launch-button>`,
      { api, identity: new FakeIdentity(alice), ...(lang ? { lang } : {}) },
    );
    return { api, element };
  };

  it('launches with the values of its attribute, and says so in its atelier-launch event', async () => {
    const { api, element } = mountButton('{"folder": "stat101/week-3"}');
    const el = await element;
    const launching = oneEvent(el, 'atelier-launch');
    deep<HTMLButtonElement>(el, 'button[part~="button"]')!.click();
    expect((await launching).detail.values).to.deep.equal({ folder: 'stat101/week-3' });
    await oneEvent(el, 'atelier-service-launched');
    expect(api.callsTo('launch')[0]!.args[0]).to.deep.equal({ catalog: 'local', service: 'jupyter', values: { folder: 'stat101/week-3' }, name: 'STAT 101' });
  });

  for (const bad of ['{"folder": ', '["stat101"]', '"week-3"']) {
    it(`refuses values that are not a JSON object (${bad}), in words, without launching`, async () => {
      const { api, element } = mountButton(bad);
      const el = await element;
      deep<HTMLButtonElement>(el, 'button[part~="button"]')!.click();
      await settle(el);
      expect(api.callsTo('launch')).to.have.length(0);
      expect(deep(el, '[role="alert"]')!.textContent).to.contain('values attribute is not a JSON object');
    });
  }

  it('says it in French too', async () => {
    const { element } = mountButton('nope', 'fr');
    const el = await element;
    deep<HTMLButtonElement>(el, 'button[part~="button"]')!.click();
    await settle(el);
    expect(deep(el, '[role="alert"]')!.textContent).to.contain('n’est pas un objet JSON');
  });
});
