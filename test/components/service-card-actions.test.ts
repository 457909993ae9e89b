import { expect, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/service-card/service-card.js';
import type { AtelierServiceCard } from '../../components/service-card/service-card.element.js';
import { ApiRequestError } from '../../components/api/errors.js';
import type { Service } from '../../components/api/types.js';
import { deep, deepAll, makeService, mount, settle, visibleText } from './fixtures.js';
import { fakeApiWithServices } from './services-fixtures.js';

async function mountCard(service: Service = makeService(), lang?: string) {
  const { api, services } = fakeApiWithServices();
  const el = await mount<AtelierServiceCard>(html`<atelier-service-card .service=${service} .client=${api}></atelier-service-card>`, { api, lang });
  await settle(el);
  return { el, api, services };
}

const button = (el: AtelierServiceCard, part: string) => deep<HTMLButtonElement>(el, `button[part~="${part}"]`)!;

/** Opens one of the card's panels (loaded on demand) and waits for it to show its data. */
async function openPanel(el: AtelierServiceCard, part: 'readme' | 'logs' | 'history', tag: string) {
  button(el, part).click();
  await customElements.whenDefined(tag);
  await settle(el);
  const panel = deep(el, tag)!;
  await waitUntil(() => (panel as HTMLElement & { hasUpdated?: boolean }).hasUpdated && !panel.matches(':state(loading)'), `${tag} loads`, { timeout: 10_000 });
  await settle(panel);
  return panel;
}

describe('atelier-service-card actions', function () {
  this.timeout(20_000); // the panels are loaded on demand
  it('renames inline with the keyboard: Enter saves, Escape cancels, focus returns to Rename', async () => {
    const { el, api } = await mountCard();
    button(el, 'rename').focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    const input = deep<HTMLInputElement>(el, '#name-input')!;
    expect(el.shadowRoot!.activeElement).to.equal(input);
    expect(input.value).to.equal('My notebook');
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect(deep(el, '#name-input')).to.equal(null);
    expect(el.shadowRoot!.activeElement).to.equal(button(el, 'rename'));
    expect(api.callsTo('rename')).to.have.length(0);

    button(el, 'rename').click();
    await settle(el);
    deep<HTMLInputElement>(el, '#name-input')!.value = '   ';
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(deep(el, '#name-error')!.textContent).to.equal('Enter a name of 1 to 60 characters.');
    expect(api.callsTo('rename')).to.have.length(0);

    deep<HTMLInputElement>(el, '#name-input')!.value = '  Thesis notebook ';
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(api.callsTo('rename')[0]!.args).to.deep.equal(['svc-1', 'Thesis notebook']);
    expect(deep(el, '#name-input')).to.equal(null);
  });

  it('shows a refused rename in its alert and keeps the form', async () => {
    const { el, services } = await mountCard();
    services.actionResult = async () => {
      throw new ApiRequestError(400, { code: 'invalid_request', message: 'The name is too long.' });
    };
    button(el, 'rename').click();
    await settle(el);
    deep<HTMLInputElement>(el, '#name-input')!.value = 'Another';
    button(el, 'save-name').click();
    await settle(el);
    expect(deep(el, '#name-error')!.textContent).to.equal('The service could not be renamed: The name is too long.');
    expect(deep(el, '#name-input')!.getAttribute('aria-invalid')).to.equal('true');
  });

  it('README and credentials: masked until shown, copied on request', async () => {
    const { el, services } = await mountCard();
    services.readmeResult = { text: 'Open http://jupyter-1-8888.localhost:8081/ and enter the token.', secrets: [{ name: 'Token', value: 's3cr3t-token' }] };
    const panel = await openPanel(el, 'readme', 'atelier-service-readme');
    expect(button(el, 'readme').getAttribute('aria-expanded')).to.equal('true');
    expect(visibleText(panel)).to.contain('How to connect to My notebook').and.contain('enter the token.');
    expect(visibleText(panel)).not.to.contain('s3cr3t-token');
    const reveal = deep<HTMLButtonElement>(panel, 'button[part~="reveal"]')!;
    expect(reveal.getAttribute('aria-label')).to.equal('Show Token');
    await expect(el).to.be.accessible();
    reveal.click();
    await settle(panel);
    expect(reveal.getAttribute('aria-pressed')).to.equal('true');
    expect(deep(panel, 'code[part~="secret"]')!.textContent).to.equal('s3cr3t-token');

    const copied: string[] = [];
    const original = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard');
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (text: string) => void copied.push(text) } });
    try {
      deep<HTMLButtonElement>(panel, 'button[part~="copy"]')!.click();
      await settle(panel);
    } finally {
      delete (navigator as { clipboard?: unknown }).clipboard;
      if (original) Object.defineProperty(Navigator.prototype, 'clipboard', original);
    }
    expect(copied).to.deep.equal(['s3cr3t-token']);
    expect(deep(panel, '[role="status"]')!.textContent).to.equal('Token copied to the clipboard.');
  });

  it('logs: the tail, then Follow streams new lines, and closing the panel stops following', async () => {
    const { el, api, services } = await mountCard();
    services.logLines = ['one', 'two'];
    const panel = await openPanel(el, 'logs', 'atelier-service-logs');
    expect(api.callsTo('logs')[0]!.args).to.deep.equal(['svc-1', 200]);
    expect(deep(panel, 'pre')!.textContent).to.equal('one\ntwo');
    await expect(el).to.be.accessible();

    const follow = deep<HTMLInputElement>(panel, 'input[part~="follow"]')!;
    follow.focus();
    await sendKeys({ press: 'Space' });
    await settle(panel);
    expect(services.followers).to.equal(1);
    services.follow.next(['one', 'two', 'three']); // the tail again first
    services.follow.next(['four']);
    await settle(panel);
    expect(deep(panel, 'pre')!.textContent).to.equal('one\ntwo\nthree\nfour');

    await sendKeys({ press: 'Space' }); // untick: no more stream
    await settle(panel);
    expect(services.followers).to.equal(0);
    follow.click();
    await settle(panel);
    expect(services.followers).to.equal(1);
    button(el, 'logs').click(); // close the panel while following
    await settle(el);
    expect(deep(el, 'atelier-service-logs')).to.equal(null);
    expect(services.followers).to.equal(0);
  });

  it('events: the history, warnings marked in words', async () => {
    const { el, services } = await mountCard();
    services.historyEvents = [
      { at: '2026-01-05T10:00:00.000Z', type: 'normal', reason: 'Launched', message: 'Launch requested' },
      { at: '2026-01-05T10:00:05.000Z', type: 'warning', reason: 'Unhealthy', message: 'Port 8888 did not answer yet' },
    ];
    const panel = await openPanel(el, 'history', 'atelier-service-history');
    const items = deepAll(panel, 'li');
    expect(items.map((item) => visibleText(item))).to.have.length(2);
    expect(visibleText(items[0]!)).to.contain('Launched Launch requested');
    expect(visibleText(items[1]!)).to.match(/Warning\s?: Unhealthy Port 8888 did not answer yet/);
    expect(items[1]!.getAttribute('part')).to.equal('event warning');
    await expect(el).to.be.accessible();
  });

  it('suspends a running service, and shows why a resume was refused', async () => {
    const { el, api, services } = await mountCard(makeService({ suspendable: true }));
    button(el, 'suspend').click();
    await settle(el);
    expect(api.callsTo('suspend')[0]!.args).to.deep.equal(['svc-1']);

    el.service = makeService({ status: 'suspended', suspendable: true, reasonCode: 'user' });
    services.actionResult = async () => {
      throw new ApiRequestError(403, { code: 'quota_exceeded', message: 'You may run 3 services at once; you have 3.' });
    };
    await settle(el);
    expect(deep(el, 'button[part~="suspend"]')).to.equal(null);
    button(el, 'resume').click();
    await settle(el);
    expect(deep(el, '[part~="error"]')!.textContent).to.equal('That did not work: You may run 3 services at once; you have 3.');
  });

  it('offers no Suspend when the driver cannot suspend', async () => {
    const { el } = await mountCard(makeService({ suspendable: false }));
    expect(deep(el, 'button[part~="suspend"]')).to.equal(null);
    expect(deepAll(el, '[part~="actions"] button').map((b) => b.textContent!.trim())).to.deep.equal(['Open', 'Connect', 'Logs', 'Events', 'Delete']);
  });

  it('speaks French', async () => {
    const { el } = await mountCard(makeService({ suspendable: true }), 'fr');
    expect(deepAll(el, '[part~="actions"] button').map((b) => b.textContent!.trim())).to.deep.equal(['Ouvrir', 'Connexion', 'Journal', 'Événements', 'Suspendre', 'Supprimer']);
    expect(button(el, 'rename').textContent!.trim()).to.equal('Renommer');
  });
});
