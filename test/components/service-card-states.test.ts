import { expect, html, waitUntil } from '@open-wc/testing';
import '../../components/service-card/service-card.js';
import type { AtelierServiceCard } from '../../components/service-card/service-card.element.js';
import type { Service } from '../../components/api/types.js';
import { deep, deepAll, makeService, mount, settle, visibleText } from './fixtures.js';
import { fakeApiWithServices } from './services-fixtures.js';

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

async function mountCard(service: Service, options: { lang?: string; reminderHours?: number } = {}) {
  const { api, services } = fakeApiWithServices();
  const el = await mount<AtelierServiceCard>(
    html`<atelier-service-card .service=${service} .client=${api} reminder-hours=${options.reminderHours ?? 0}></atelier-service-card>`,
    { api, lang: options.lang },
  );
  await settle(el);
  return { el, api, services };
}

describe('atelier-service-card states', function () {
  this.timeout(20_000); // a failed card loads its logs panel on demand
  it('starting: the launch steps with the current one marked, the message and the progress bar', async () => {
    const service = makeService({ status: 'starting', urls: [], progress: { phase: 'starting', message: 'Pulling the image python:3.12-slim', percent: 25 } });
    const { el } = await mountCard(service);
    const steps = deepAll(el, '[part~="steps"] li');
    expect(steps.map((step) => step.textContent!.trim())).to.deep.equal(['Scheduling', 'Pulling the image', 'Starting', 'Health check', 'Ready']);
    expect(steps.map((step) => step.getAttribute('aria-current'))).to.deep.equal([null, 'step', null, null, null]);
    expect(visibleText(el)).to.contain('Pulling the image python:3.12-slim');
    const bar = deep(el, '[role="progressbar"]')!;
    expect(bar.getAttribute('aria-valuenow')).to.equal('25');
    expect(bar.getAttribute('aria-valuetext')).to.contain('Pulling the image');
    await expect(el).to.be.accessible();

    el.service = { ...service, progress: { phase: 'health-check', message: 'Waiting for the service to answer', percent: 60 } };
    await settle(el);
    expect(deep(el, '[aria-current="step"]')!.textContent!.trim()).to.equal('Health check');
    expect(deep(el, '[role="progressbar"]')!.getAttribute('aria-valuenow')).to.equal('60');
  });

  it('running: icon, start time, resources in the page language', async () => {
    const service = makeService({
      icon: '/api/catalogs/local/services/jupyter/icon',
      startedAt: hoursAgo(2),
      resources: { cpu: 500, memory: 2 * 1024 ** 3, gpu: 1 },
    });
    const { el } = await mountCard(service);
    expect(deep<HTMLImageElement>(el, 'img[part~="icon"]')!.src).to.equal('http://atelier.test/api/catalogs/local/services/jupyter/icon');
    expect(visibleText(el)).to.contain('Started 2 hours ago').and.contain('0.5 CPU · 2 GiB · 1 GPU');
    expect(deep(el, 'time')!.getAttribute('datetime')).to.equal(service.startedAt);
    await expect(el).to.be.accessible();

    const { el: french } = await mountCard({ ...service, resources: { cpu: 1500, memory: 1.5 * 1024 ** 3, gpu: 0 } }, { lang: 'fr' });
    expect(visibleText(french)).to.contain('Démarré il y a 2 heures').and.contain('1,5 CPU · 1,5 Gio');
  });

  it('suspended: says who suspended it and offers Resume, not Open', async () => {
    const { el } = await mountCard(makeService({ status: 'suspended', reasonCode: 'user', reason: 'Suspended by alice', suspendable: true }));
    expect(deep(el, '[part~="reason"]')!.textContent!.trim()).to.equal('Suspended by you.');
    expect(deep(el, 'button[part~="resume"]')).to.exist;
    expect(deep(el, 'button[part~="open"]')).to.equal(null);
    expect(el.matches(':state(suspended)')).to.be.true;
    await expect(el).to.be.accessible();
  });

  it('failed: stays visible with the reason and its last 20 log lines', async () => {
    const { el, api, services } = await mountCard(
      makeService({ status: 'failed', urls: [], reasonCode: 'exited', reason: 'The process exited with code 3.', progress: { phase: 'failed', message: 'The process exited with code 3.', percent: 100 } }),
    );
    services.logLines = Array.from({ length: 30 }, (_, index) => `line ${index + 1}`);
    await customElements.whenDefined('atelier-service-logs');
    const logs = deep(el, '[part~="failed-logs"]')!;
    await waitUntil(() => deep(logs, 'pre'), 'the last lines are shown', { timeout: 10_000 });
    expect(api.callsTo('logs')[0]!.args).to.deep.equal(['svc-1', 20]);
    expect(visibleText(el)).to.contain('The service’s program ended. The process exited with code 3.');
    expect(visibleText(logs)).to.contain('The last lines My notebook printed');
    expect(deep(logs, 'pre')!.textContent).to.equal(Array.from({ length: 20 }, (_, index) => `line ${index + 11}`).join('\n'));
    expect(deep(logs, 'input[part~="follow"]')).to.equal(null, 'no Follow under a failed service');
    await expect(el).to.be.accessible();
  });

  it('stopped when idle: why, with the timeout it ran into, in English and in French', async () => {
    // The minutes come from idleMinutes, not from the server's English reason.
    const service = makeService({ status: 'stopped', urls: [], reasonCode: 'idle', idleMinutes: 20, reason: 'Stopped: no activity.' });
    const { el } = await mountCard(service);
    expect(deep(el, '[part~="reason"]')!.textContent!.trim()).to.equal('Stopped after 20 minutes without activity.');
    await expect(el).to.be.accessible();
    const { el: french } = await mountCard({ ...service, status: 'suspended' }, { lang: 'fr' });
    expect(deep(french, '[part~="reason"]')!.textContent!.trim()).to.equal('Suspendu après 20 minutes sans activité.');
  });

  it('an unknown reason code shows the server’s reason as it is', async () => {
    const { el } = await mountCard(makeService({ status: 'failed', urls: [], reasonCode: 'image_pull', reason: 'The image could not be pulled.' }));
    expect(deep(el, '[part~="reason"]')!.textContent!.trim()).to.equal('The image could not be pulled.');
  });

  it('reminds the user of a service running longer than reminder-hours', async () => {
    const { el } = await mountCard(makeService({ startedAt: hoursAgo(9) }), { reminderHours: 8 });
    expect(deep(el, '[part~="reminder"]')!.textContent).to.contain('Running for more than 8 hours.');
    expect(el.matches(':state(reminder)')).to.be.true;
    await expect(el).to.be.accessible();
    const { el: recent } = await mountCard(makeService({ startedAt: hoursAgo(7) }), { reminderHours: 8 });
    expect(deep(recent, '[part~="reminder"]')).to.equal(null);
    const { el: never } = await mountCard(makeService({ startedAt: hoursAgo(90) }));
    expect(deep(never, '[part~="reminder"]')).to.equal(null, 'no reminder without reminder-hours');
  });
});
