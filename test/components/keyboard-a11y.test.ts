// The main flows with the keyboard alone (Tab, Enter, Space, Escape, arrow keys), on the
// stories' fake datalab: every focused control shows its focus ring.
import { expect, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { TemplateResult } from 'lit';
import '../../components/app/app.js';
import '../../components/files/files.js';
import '../../components/catalog/catalog.js';
import '../../components/launch-button/launch-button.js';
import { demoEntries, fewCatalogs, manyCatalogs, someFiles } from '../../stories/sample-data.js';
import { stage, type StageParameters } from '../../stories/stage.js';
import { settle, visibleText } from './fixtures.js';

const staged: HTMLElement[] = [];

async function show<T extends HTMLElement>(template: TemplateResult, parameters: StageParameters): Promise<T> {
  const wrapper = stage(template, parameters);
  document.body.append(wrapper);
  staged.push(wrapper);
  const element = wrapper.firstElementChild as T;
  await settle(element);
  return element;
}

afterEach(() => staged.splice(0).forEach((wrapper) => wrapper.remove()));

/** The element that has the focus, through shadow roots. */
function focused(): HTMLElement | null {
  let element = document.activeElement;
  while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
  return element as HTMLElement | null;
}

/** Presses Tab until the focused element matches, and checks its focus is visible. */
async function tabTo(matches: (element: HTMLElement) => boolean, limit = 40): Promise<HTMLElement> {
  for (let i = 0; i < limit; i += 1) {
    await sendKeys({ press: 'Tab' });
    const element = focused();
    if (element && matches(element)) {
      expectFocusVisible(element);
      return element;
    }
  }
  throw new Error(`Tab never reached it (last: ${focused()?.outerHTML.slice(0, 120)})`);
}

function expectFocusVisible(element: HTMLElement): void {
  const style = getComputedStyle(element);
  expect(element.matches(':focus-visible'), `${element.localName} matches :focus-visible`).to.equal(true);
  expect(style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0, `${element.localName} shows a focus ring`).to.equal(true);
}

const byText = (text: string | RegExp) => (element: HTMLElement) => (typeof text === 'string' ? element.textContent?.trim() === text : text.test(element.textContent ?? ''));

describe('keyboard alone', () => {
  it('searches the catalog, moves between cards with arrow keys, launches from a dialog, and sees the service start', async function () {
    this.timeout(20_000);
    const app = await show(html`<atelier-app></atelier-app>`, { catalogs: fewCatalogs, entries: demoEntries, services: [], files: {} });
    const search = await tabTo((element) => element.localName === 'input' && (element as HTMLInputElement).type === 'search');
    await sendKeys({ type: 'notebook' });
    await waitUntil(() => /1 service/.test(visibleText(app)), 'the search announces one match');
    await sendKeys({ press: 'Tab' });
    expect(focused()?.localName).to.equal('select'); // the card's version choice
    await sendKeys({ press: 'Tab' });
    expect(focused()?.getAttribute('aria-label')).to.equal('Launch Jupyter Notebook');
    (search as HTMLInputElement).select();
    await sendKeys({ press: 'Backspace' });
    await settle(app);
    const launchFirst = await tabTo(byText('Launch'));
    await sendKeys({ press: 'ArrowRight' });
    expect(focused()?.getAttribute('aria-label')).to.equal('Launch File server');
    expectFocusVisible(focused()!);
    await sendKeys({ press: 'Home' });
    expect(focused() === launchFirst, 'Home goes to the first card').to.equal(true);
    await sendKeys({ press: 'Enter' });
    const dialog = () => app.shadowRoot!.querySelector('dialog')!;
    await waitUntil(() => dialog().open, 'Enter opens the launcher in a dialog');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog().open, 'Escape closes it');
    await waitUntil(() => focused() === launchFirst, 'the focus goes back to the Launch button');
    await sendKeys({ press: 'Space' });
    await waitUntil(() => dialog().open && Boolean(visibleText(dialog()).includes('Git repository')), 'Space opens it too, with the form');
    const gpu = await tabTo((element) => (element as HTMLInputElement).type === 'checkbox');
    await sendKeys({ press: 'Space' });
    expect((gpu as HTMLInputElement).checked).to.equal(true);
    await tabTo(byText('Launch'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => !dialog().open, 'launching closes the dialog');
    await waitUntil(() => /Jupyter Notebook|jupyter/.test(visibleText(app.shadowRoot!.querySelector('atelier-services')!)), 'the new service is listed', { timeout: 5000 });
  });

  it('launches with the launch button, then opens the service once it runs', async function () {
    this.timeout(10_000);
    const button = await show(html`<atelier-launch-button catalog="local" service="jupyter"></atelier-launch-button>`, {});
    await tabTo(byText('Launch'));
    await sendKeys({ press: 'Space' });
    await waitUntil(() => /Starting|Running/.test(visibleText(button)), 'the status shows');
    await waitUntil(() => button.shadowRoot!.querySelector('[part~="open"]'), 'Open appears once running', { timeout: 5000 });
    await tabTo((element) => element.getAttribute('part') === 'open');
  });

  it('moves through files with the arrow keys, opens a folder with Enter and goes back up with Backspace', async function () {
    this.timeout(10_000);
    const files = await show(html`<atelier-files></atelier-files>`, { files: someFiles });
    await waitUntil(() => visibleText(files).includes('population.csv'), 'the root folder is listed');
    const list = await tabTo((element) => element.getAttribute('role') === 'listbox');
    const active = () => list.querySelector(`#${list.getAttribute('aria-activedescendant')}`)?.textContent ?? '';
    await sendKeys({ press: 'Home' });
    expect(active()).to.contain('data');
    await sendKeys({ press: 'ArrowDown' });
    expect(active()).to.contain('notebooks');
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => visibleText(files).includes('census-2021.parquet'), 'Enter opened data/');
    expect(focused() === list, 'the list keeps the focus').to.equal(true);
    await sendKeys({ press: 'Backspace' });
    await waitUntil(() => visibleText(files).includes('population.csv'), 'Backspace went back up');
  });

  it('shows a focus ring on every control of a long catalog', async function () {
    this.timeout(20_000);
    const catalog = await show(html`<atelier-catalog></atelier-catalog>`, { catalogs: manyCatalogs });
    const cards = catalog.shadowRoot!.querySelectorAll('atelier-catalog-card').length;
    const seen = new Set<HTMLElement>();
    for (let i = 0; i < cards + 3; i += 1) {
      await sendKeys({ press: 'Tab' });
      const element = focused();
      if (!element || element === document.body) continue;
      expectFocusVisible(element);
      seen.add(element);
    }
    expect(seen.size).to.be.greaterThan(cards);
  });
});
