import { expect, html, waitUntil } from '@open-wc/testing';
import type { Service } from '../../components/api/types.js';
import '../../components/launch-button/launch-button.js';
import type { AtelierLaunchButton } from '../../components/launch-button/launch-button.element.js';
import { deep, deepAll, FakeIdentity, alice, mount, settle, visibleText } from './fixtures.js';
import { button, cardOf, cardWhen, mountRealServices } from './services-bff-fixtures.js';

/** Opens a card's panel (loaded on demand) and waits for its data from the BFF. */
async function openPanel(card: Element, part: string, tag: string): Promise<Element> {
  button(card, part).click();
  await customElements.whenDefined(tag);
  const loaded = () => {
    const panel = deep<HTMLElement & { hasUpdated?: boolean }>(card, tag);
    return panel?.hasUpdated && !panel.matches(':state(loading)');
  };
  await waitUntil(loaded, `${tag} loads`, { timeout: 10_000 });
  const panel = deep(card, tag)!;
  await settle(panel);
  return panel;
}

describe('atelier-services against the real BFF (local driver)', function () {
  this.timeout(60_000);

  it('a launch: steps and progress, then running with its start time, and a reminder when it has run long', async () => {
    const { el, api } = await mountRealServices();
    const { id } = await api.launch({ catalog: 'tests', service: 'steady', values: { delay: 2 } });
    let card = await cardWhen(el, id, (service) => service.status === 'starting' && service.progress.percent > 10, 'the launch progresses');
    expect(deep(card, '[aria-current="step"]')!.textContent!.trim()).to.be.oneOf(['Starting', 'Health check']);
    expect(Number(deep(card, '[role="progressbar"]')!.getAttribute('aria-valuenow'))).to.be.greaterThan(10);
    await expect(card).to.be.accessible();

    card = await cardWhen(el, id, (service) => service.status === 'running', 'it runs');
    expect(deep(card, '[part~="status"]')!.textContent).to.equal('Running');
    expect(deep(card, 'time')!.getAttribute('datetime')).to.equal(card.service!.startedAt);
    expect(visibleText(deep(card, '[part~="meta"]')!)).to.match(/Started (now|\d+ seconds? ago)/);
    // The test stack reminds after 2 seconds of running (services.reminderHours).
    await waitUntil(() => deep(card, '[part~="reminder"]'), 'the reminder shows when due', { timeout: 5000 });
    expect(visibleText(deep(card, '[part~="reminder"]')!)).to.contain('Running for more than');
    await expect(el).to.be.accessible();
  });

  it('renames a service: the new name comes back through the events stream', async () => {
    const { el, api } = await mountRealServices();
    const { id } = await api.launch({ catalog: 'tests', service: 'steady' });
    let card = await cardWhen(el, id, () => true, 'the card appears');
    button(card, 'rename').click();
    await settle(card);
    deep<HTMLInputElement>(card, '#name-input')!.value = '  Thesis data  ';
    button(card, 'save-name').click();
    card = await cardWhen(el, id, (service) => service.name === 'Thesis data', 'renamed');
    expect(deep(card, '[part~="name"]')!.textContent).to.equal('Thesis data');
    expect((await api.getService(id)).name).to.equal('Thesis data');

    button(card, 'rename').click();
    await settle(card);
    deep<HTMLInputElement>(card, '#name-input')!.value = 'x'.repeat(61);
    button(card, 'save-name').click();
    await settle(card);
    expect(deep(card, '#name-error')!.textContent).to.equal('Enter a name of 1 to 60 characters.');
  });

  it('README panel, logs (tail, then follow), and the events of the service', async () => {
    const { el, api } = await mountRealServices();
    const { id } = await api.launch({ catalog: 'tests', service: 'steady' });
    const card = await cardWhen(el, id, (service) => service.status === 'running', 'it runs');

    const readme = await openPanel(card, 'readme', 'atelier-service-readme');
    expect(visibleText(readme)).to.match(/Your service answers at http:\/\/\S+/);

    const logs = await openPanel(card, 'logs', 'atelier-service-logs');
    expect(button(card, 'readme').getAttribute('aria-expanded')).to.equal('false', 'one panel at a time');
    const text = () => deep(logs, 'pre')?.textContent ?? '';
    expect(text()).to.contain('steady: starting');
    const ticks = () => (text().match(/steady: tick \d+/g) ?? []).length;
    const before = ticks();
    deep<HTMLInputElement>(logs, 'input[part~="follow"]')!.click();
    await waitUntil(() => ticks() >= before + 3, 'new lines arrive while following', { timeout: 10_000 });
    expect((logs as HTMLElement & { isFollowing: boolean }).isFollowing).to.be.true;
    await expect(card).to.be.accessible();

    const history = await openPanel(card, 'history', 'atelier-service-history');
    expect(deep(card, 'atelier-service-logs')).to.equal(null, 'closing the logs panel');
    expect((logs as HTMLElement & { isFollowing: boolean }).isFollowing).to.be.false;
    const events = deepAll(history, 'li');
    expect(events.length).to.be.greaterThan(0);
    expect(visibleText(history)).to.match(/\d/); // each event has its time
  });

  it('a failed launch stays, with why and its last 20 log lines, until deleted', async () => {
    const { el, api } = await mountRealServices();
    const { id } = await api.launch({ catalog: 'tests', service: 'crash' });
    const card = await cardWhen(el, id, (service) => service.status === 'failed', 'it fails');
    expect(deep(card, '[part~="status"]')!.textContent).to.equal('Failed');
    expect(visibleText(deep(card, '[part~="reason"]')!)).not.to.equal('');
    await customElements.whenDefined('atelier-service-logs');
    const logs = deep(card, '[part~="failed-logs"]')!;
    await waitUntil(() => deep(logs, 'pre'), 'its last lines', { timeout: 10_000 });
    const lines = deep(logs, 'pre')!.textContent!.split('\n');
    expect(lines.length).to.be.at.most(20);
    expect(lines).to.include('crash: line 25');
    expect(lines).not.to.include('crash: line 1');
    await expect(card).to.be.accessible();

    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(cardOf(el, id), 'still there').to.exist;
    button(card, 'delete').click();
    await settle(card);
    button(card, 'confirm-delete').click();
    await waitUntil(() => !cardOf(el, id), 'deleted', { timeout: 10_000 });
  });

  it('a service without traffic is stopped, and its card says why', async () => {
    const { el, api } = await mountRealServices();
    const { id } = await api.launch({ catalog: 'tests', service: 'idle' });
    const card = await cardWhen(el, id, (service) => service.status === 'stopped', 'stopped when idle', 30_000);
    expect(card.service!.reasonCode).to.equal('idle');
    expect(visibleText(deep(card, '[part~="reason"]')!)).to.match(/^Stopped after .+ without activity\.$/);
  });

  it('quota gauges follow the list; a launch beyond the quota shows the server’s message', async () => {
    const { el, api, username } = await mountRealServices();
    const gauges = deep(el, 'atelier-quota-gauges')!;
    await waitUntil(() => visibleText(gauges).includes('0 of 3'), 'the services gauge', { timeout: 10_000 });
    const meter = deep<HTMLMeterElement>(gauges, 'meter')!;
    expect([meter.max, meter.value]).to.deep.equal([3, 0]);
    const launched: Service[] = [];
    for (let i = 0; i < 3; i += 1) launched.push(await api.launch({ catalog: 'tests', service: 'steady' }));
    await waitUntil(() => visibleText(gauges).includes('3 of 3'), 'the gauge follows', { timeout: 20_000 });
    await expect(el).to.be.accessible();

    const launcher = await mount<AtelierLaunchButton>(html`<atelier-launch-button catalog="tests" service="steady"></atelier-launch-button>`, {
      api: (el as unknown as { client: typeof api }).client,
      identity: new FakeIdentity({ ...alice, username }),
    });
    button(launcher, 'button').click();
    await waitUntil(() => visibleText(launcher).includes('You may run'), 'the refusal is shown', { timeout: 10_000 });
    expect(visibleText(launcher)).to.match(/You may run 3 services at once/);
  });

  it('Delete all, after a confirmation naming how many', async () => {
    const { el, api } = await mountRealServices();
    await api.launch({ catalog: 'tests', service: 'steady' });
    await api.launch({ catalog: 'tests', service: 'crash' });
    await waitUntil(() => deepAll(el, 'atelier-service-card').length === 2, 'two cards', { timeout: 10_000 });
    button(el, 'delete-all').click();
    await settle(el);
    expect(visibleText(deep(el, 'dialog')!)).to.contain('All 2 of your services stop');
    button(el, 'confirm-delete-all').click();
    await waitUntil(() => deepAll(el, 'atelier-service-card').length === 0, 'all gone', { timeout: 15_000 });
    await waitUntil(() => deep(el, '[part~="bulk-status"]')!.textContent === '2 services deleted.', 'says how many went', { timeout: 10_000 });
    expect(await api.listServices()).to.deep.equal([]);
  });
});

describe('atelier-services against the real BFF (Kubernetes driver, fake cluster)', function () {
  this.timeout(60_000);

  it('suspends and resumes a service', async () => {
    const { el, api } = await mountRealServices('kubernetes');
    const { id } = await api.launch({ catalog: 'local', service: 'file-server' });
    let card = await cardWhen(el, id, (service) => service.status === 'running', 'it runs');
    expect(card.service!.suspendable).to.be.true;
    button(card, 'suspend').click();
    card = await cardWhen(el, id, (service) => service.status === 'suspended', 'suspended');
    expect(visibleText(deep(card, '[part~="reason"]')!)).to.equal('Suspended by you.');
    expect(deep(card, 'button[part~="open"]')).to.equal(null);
    await expect(card).to.be.accessible();
    // The suspend request may still be answering after the stream said "suspended": Resume is enabled once it has.
    await waitUntil(() => !button(card, 'resume').disabled, 'Resume can be pressed', { timeout: 10_000 });
    button(card, 'resume').click();
    card = await cardWhen(el, id, (service) => service.status === 'running', 'running again');
    expect(deep(card, 'button[part~="suspend"]')).to.exist;
  });
});
