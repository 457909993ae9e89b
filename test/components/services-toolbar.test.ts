import { expect, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/services/services.js';
import type { AtelierServices } from '../../components/services/services.element.js';
import { ApiRequestError } from '../../components/api/errors.js';
import { alice, deep, deepAll, FakeIdentity, makeService, mount, settle, testConfig, visibleText } from './fixtures.js';
import { fakeApiWithServices } from './services-fixtures.js';

async function mountServices(lang?: string) {
  const { api, services } = fakeApiWithServices();
  const el = await mount<AtelierServices>(html`<atelier-services></atelier-services>`, {
    api,
    identity: new FakeIdentity(alice),
    config: { ...testConfig, services: { reminderHours: 8 } },
    lang,
  });
  await settle(el);
  return { el, api, services };
}

const gauges = (el: AtelierServices) => deep(el, 'atelier-quota-gauges')!;

describe('atelier-services: quota and Delete all', function () {
  this.timeout(20_000); // the gauges are loaded on demand: the first test compiles them
  it('shows a gauge per limited resource, reloaded when the list changes, hidden when nothing is limited', async () => {
    const { el, api, services } = await mountServices();
    services.quotaResult = { limits: { services: 3, cpu: 4000, memory: null, gpu: null }, usage: { services: 1, cpu: 500, memory: 0, gpu: 0 } };
    api.events.next({ type: 'snapshot', services: [makeService()] });
    await settle(el);
    await waitUntil(() => gauges(el) && deepAll(gauges(el), 'meter').length === 2, 'two gauges', { timeout: 15_000 });
    const meters = deepAll<HTMLMeterElement>(gauges(el), 'meter');
    expect(meters.map((meter) => [meter.max, meter.value])).to.deep.equal([[3, 1], [4000, 500]]);
    expect(meters.map((meter) => (meter as HTMLMeterElement & { labels: NodeList }).labels[0]!.textContent)).to.deep.equal(['Services', 'CPU']);
    expect(visibleText(gauges(el))).to.contain('Your quota').and.contain('1 of 3').and.contain('0.5 of 4');
    await expect(el).to.be.accessible();

    const before = api.callsTo('quota').length;
    services.quotaResult = { ...services.quotaResult, usage: { services: 2, cpu: 1000, memory: 0, gpu: 0 } };
    api.events.next({ type: 'service', service: makeService({ id: 'svc-2', status: 'starting' }) });
    await settle(el);
    await waitUntil(() => visibleText(gauges(el)).includes('2 of 3'), 'the gauges follow the list', { timeout: 5000 });
    expect(api.callsTo('quota')).to.have.length(before + 1);

    services.quotaResult = { limits: { services: null, cpu: null, memory: null, gpu: null }, usage: { services: 2, cpu: 0, memory: 0, gpu: 0 } };
    api.events.next({ type: 'deleted', id: 'svc-2' });
    await settle(el);
    await waitUntil(() => gauges(el).hidden, 'no gauge when nothing is limited', { timeout: 5000 });
  });

  it('passes the reminder hours of the configuration to the cards', async () => {
    const { el, api } = await mountServices();
    api.events.next({ type: 'snapshot', services: [makeService({ startedAt: new Date(Date.now() - 9 * 3_600_000).toISOString() })] });
    await settle(el);
    const card = deep(el, 'atelier-service-card')!;
    expect(visibleText(card)).to.contain('Running for more than 8 hours.');
  });

  it('Delete all: a dialog names how many, Escape keeps them, confirming deletes them all', async () => {
    const { el, api, services } = await mountServices();
    api.events.next({ type: 'snapshot', services: [makeService(), makeService({ id: 'svc-2', name: 'Files' }), makeService({ id: 'svc-3', name: 'Other' })] });
    await settle(el);
    const deleteAll = deep<HTMLButtonElement>(el, 'button[part~="delete-all"]')!;
    deleteAll.click();
    await settle(el);
    const dialog = deep<HTMLDialogElement>(el, 'dialog')!;
    expect(dialog.open).to.be.true;
    expect(visibleText(dialog)).to.contain('Delete all your services?').and.contain('All 3 of your services stop');
    expect(deep(el, 'button[part~="confirm-delete-all"]')!.textContent!.trim()).to.equal('Yes, delete 3 services');
    expect(el.shadowRoot!.activeElement).to.equal(deep(el, 'button[part~="cancel-delete-all"]'), 'Cancel has the focus');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect(dialog.open).to.be.false;
    expect(el.shadowRoot!.activeElement).to.equal(deleteAll);
    expect(api.callsTo('deleteAll')).to.have.length(0);

    services.deleteAllResult = async () => ({ deleted: 3 });
    deleteAll.click();
    await settle(el);
    deep<HTMLButtonElement>(el, 'button[part~="confirm-delete-all"]')!.click();
    await settle(el);
    expect(api.callsTo('deleteAll')).to.have.length(1);
    expect(deep(el, '[part~="bulk-status"]')!.textContent).to.equal('3 services deleted.');
  });

  it('Delete all shows the server’s refusal, in French too', async () => {
    const { el, api, services } = await mountServices('fr');
    api.events.next({ type: 'snapshot', services: [makeService()] });
    await settle(el);
    services.deleteAllResult = async () => {
      throw new ApiRequestError(500, { code: 'internal', message: 'Le stockage ne répond pas.' });
    };
    deep<HTMLButtonElement>(el, 'button[part~="delete-all"]')!.click();
    await settle(el);
    expect(visibleText(deep(el, 'dialog')!)).to.contain('Votre service s’arrête');
    deep<HTMLButtonElement>(el, 'button[part~="confirm-delete-all"]')!.click();
    await settle(el);
    expect(deep(el, '[part~="bulk-error"]')!.textContent).to.equal('Vos services n’ont pas pu être supprimés : Le stockage ne répond pas.');
  });

  it('offers no Delete all when there is nothing to delete', async () => {
    const { el, api } = await mountServices();
    api.events.next({ type: 'snapshot', services: [] });
    await settle(el);
    expect(deep(el, 'button[part~="delete-all"]')!.hidden).to.be.true;
  });
});
