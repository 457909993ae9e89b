import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../components/service-card/service-card.js';
import type { AtelierServiceCard } from '../../components/service-card/service-card.element.js';
import { ApiRequestError } from '../../components/api/errors.js';
import { deep, deepAll, FakeApi, makeService, settle, visibleText } from './fixtures.js';

describe('atelier-service-card', () => {
  it('renders a running service with one Open per URL', async () => {
    const service = makeService({
      urls: [
        { port: 8888, name: 'Notebook', url: 'http://a' },
        { port: 9000, name: 'Dashboard', url: 'http://b' },
      ],
    });
    const el = await fixture<AtelierServiceCard>(html`<atelier-service-card .service=${service} .client=${new FakeApi()}></atelier-service-card>`);
    const opens = deepAll<HTMLButtonElement>(el, 'button[part~="open"]');
    expect(opens.map((button) => button.textContent!.trim())).to.deep.equal(['Open Notebook', 'Open Dashboard']);
    expect(deep(el, '[part~="status"]')!.textContent).to.equal('Running');
    expect(el.matches(':state(running)')).to.be.true;
    expect(deep(el, 'time')!.getAttribute('datetime')).to.equal(service.createdAt);
    await expect(el).to.be.accessible();
  });

  it('shows a failed delete in its alert and offers Delete again', async () => {
    const api = new FakeApi();
    api.deleteResult = async () => {
      throw new ApiRequestError(409, { code: 'busy', message: 'The service is still starting.' });
    };
    const el = await fixture<AtelierServiceCard>(html`<atelier-service-card .service=${makeService()} .client=${api}></atelier-service-card>`);
    deep<HTMLButtonElement>(el, 'button[part~="delete"]')!.click();
    await settle(el);
    const deleted = oneEvent(el, 'atelier-service-delete');
    deep<HTMLButtonElement>(el, 'button[part~="confirm-delete"]')!.click();
    await deleted;
    await settle(el);
    expect(deep(el, '[role="alert"]')!.textContent).to.equal('The service could not be deleted: The service is still starting.');
    expect(deep<HTMLButtonElement>(el, 'button[part~="delete"]')!.disabled).to.be.false;
  });

  it('says when the new tab was blocked', async () => {
    const original = window.open;
    window.open = (() => null) as typeof window.open;
    try {
      const el = await fixture<AtelierServiceCard>(html`<atelier-service-card .service=${makeService()} .client=${new FakeApi()}></atelier-service-card>`);
      deep<HTMLButtonElement>(el, 'button[part~="open"]')!.click();
      await settle(el);
      expect(visibleText(el)).to.contain('The browser blocked the new tab.');
    } finally {
      window.open = original;
    }
  });
});
