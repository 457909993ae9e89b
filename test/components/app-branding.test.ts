import { expect, html } from '@open-wc/testing';
import '../../components/app/app.js';
import type { AtelierApp } from '../../components/app/app.element.js';
import { enabledLanguage, pickText } from '../../components/app/branding.js';
import type { PublicConfig } from '../../components/api/types.js';
import { deep, FakeApi, FakeIdentity, mount, sampleCatalogs, settle, testConfig, visibleText } from './fixtures.js';

/** The fake API, its URLs on the test server (which serves themes/). */
class ThemedApi extends FakeApi {
  override resolve(url: string): string {
    return new URL(url, `${location.origin}/`).href;
  }
}

const brandedConfig: PublicConfig = {
  ...testConfig,
  name: 'Valmont Datalab',
  logo: '/themes/valmont-logo.svg',
  languages: ['en', 'fr'],
  defaultTheme: 'brand-valmont',
  links: [
    { label: { en: 'Courses', fr: 'Cours' }, url: 'https://moodle.valmont.example' },
    { label: 'Help', url: '/help' },
  ],
  termsOfService: { url: '/terms' },
};

async function mountApp(config: PublicConfig, attributes: { theme?: string } = {}) {
  const api = new ThemedApi();
  api.catalogs = sampleCatalogs;
  const el = await mount<AtelierApp>(html`<atelier-app theme=${attributes.theme ?? ''}></atelier-app>`, { api, config, identity: new FakeIdentity(null) });
  if (!attributes.theme) el.theme = null;
  await settle(el);
  return el;
}

const surfaceOf = (element: Element) => getComputedStyle(element).getPropertyValue('--atelier-color-surface').trim();

async function stylesheetLoaded(href: string): Promise<void> {
  const link = [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')].find((candidate) => candidate.href === href);
  expect(link, `a stylesheet link to ${href}`).to.exist;
  if (!link!.sheet) await new Promise((resolve) => link!.addEventListener('load', resolve, { once: true }));
}

afterEach(() => {
  for (const link of document.querySelectorAll('link[data-atelier-theme-link]')) link.remove();
});

describe('atelier-app branding', function () {
  this.timeout(20_000); // axe takes seconds on a busy machine
  it('shows the configured logo, name, links and terms of service in its header, and is accessible', async () => {
    const el = await mountApp(brandedConfig);
    expect(deep(el, 'h1')!.textContent).to.equal('Valmont Datalab');
    expect(deep<HTMLImageElement>(el, 'img[part~="logo"]')!.src).to.equal(`${location.origin}/themes/valmont-logo.svg`);
    const nav = deep(el, 'nav[part~="links"]')!;
    expect(nav.getAttribute('aria-label')).to.equal('Links');
    const links = [...nav.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')]);
    expect(links).to.deep.equal([
      ['Courses', 'https://moodle.valmont.example'],
      ['Help', `${location.origin}/help`],
      ['Terms of service', `${location.origin}/terms`],
    ]);
    await expect(el).to.be.accessible();
  });

  it('switches language among the enabled ones: the header and the elements inside follow', async () => {
    const el = await mountApp(brandedConfig);
    const select = deep<HTMLSelectElement>(el, 'label[part~="language"] select')!;
    expect([...select.options].map((option) => option.textContent)).to.deep.equal(['English', 'Français']);
    select.value = 'fr';
    select.dispatchEvent(new Event('change'));
    await settle(el);
    expect(el.lang).to.equal('fr');
    expect(visibleText(deep(el, 'header')!)).to.contain('Cours');
    expect(visibleText(deep(el, 'header')!)).to.contain('Conditions d’utilisation');
    expect(visibleText(deep(el, 'header')!)).to.contain('Se connecter');
    await settle(deep(el, 'atelier-services')!);
    expect(visibleText(deep(el, 'atelier-services')!)).to.contain('Connectez-vous');
  });

  it('with one language enabled, shows no switcher and speaks that language whatever the page’s', async () => {
    const el = await mountApp({ ...brandedConfig, languages: ['fr'] });
    expect(deep(el, 'label[part~="language"]')!.hidden).to.be.true;
    expect(el.lang).to.equal('fr');
    expect(deep(el, 'header button[part~="sign-in"]')!.textContent).to.contain('Se connecter');
  });

  it('shows terms of service given as a text in its footer, in the reader’s language', async () => {
    const el = await mountApp({ ...brandedConfig, links: [], termsOfService: { text: { en: 'Be kind to the machines.', fr: 'Ménagez les machines.' } } });
    expect(deep(el, 'nav[part~="links"]')!.hidden).to.be.true;
    const footer = deep(el, 'footer')!;
    expect(footer.hidden).to.be.false;
    expect(footer.querySelector('summary')!.textContent).to.equal('Terms of service');
    expect(footer.querySelector('p')!.textContent).to.equal('Be kind to the machines.');
    await expect(el).to.be.accessible();
  });

  it('without branding: no links, no terms, no switcher beyond the defaults', async () => {
    const el = await mountApp({ ...testConfig, languages: ['en'] });
    expect(deep(el, 'nav[part~="links"]')!.hidden).to.be.true;
    expect(deep(el, 'footer')!.hidden).to.be.true;
    expect(deep(el, 'label[part~="language"]')!.hidden).to.be.true;
  });

  it('applies the configured default theme: links its stylesheet and marks itself with it', async () => {
    const el = await mountApp(brandedConfig);
    expect(el.getAttribute('data-atelier-theme')).to.equal('brand-valmont');
    await stylesheetLoaded(`${location.origin}/themes/brand-valmont.css`);
    expect(surfaceOf(el)).to.equal('#fbf8f3');
    expect(getComputedStyle(el).backgroundColor).to.equal('rgb(251, 248, 243)');
  });

  it('a theme forced by the page wins over the configured one', async () => {
    const el = await mountApp(brandedConfig, { theme: 'dark' });
    expect(el.getAttribute('data-atelier-theme')).to.equal('dark');
    await stylesheetLoaded(`${location.origin}/themes/dark.css`);
    expect(surfaceOf(el)).to.equal('#111827');
  });

  it('the light default is left to the page: nothing linked, nothing forced', async () => {
    const el = await mountApp({ ...testConfig, defaultTheme: 'light' });
    expect(el.hasAttribute('data-atelier-theme')).to.be.false;
    expect(document.querySelector('link[data-atelier-theme-link]')).to.equal(null);
  });

  it('a forced light theme is linked and marked, so it wins over the reader’s dark preference', async () => {
    const el = await mountApp({ ...testConfig, defaultTheme: 'light' }, { theme: 'light' });
    expect(el.getAttribute('data-atelier-theme')).to.equal('light');
    await stylesheetLoaded(`${location.origin}/themes/light.css`);
  });
});

describe('branding helpers', () => {
  it('pick a configured text in the reader’s language, else English, else any', () => {
    expect(pickText('Help', 'fr')).to.equal('Help');
    expect(pickText({ en: 'Help', fr: 'Aide' }, 'fr')).to.equal('Aide');
    expect(pickText({ en: 'Help' }, 'fr')).to.equal('Help');
    expect(pickText({ fr: 'Aide' }, 'en')).to.equal('Aide');
  });

  it('keep the language when enabled, else take the first enabled one', () => {
    expect(enabledLanguage('fr', ['en', 'fr'])).to.equal('fr');
    expect(enabledLanguage('en', ['fr'])).to.equal('fr');
    expect(enabledLanguage('en', undefined)).to.equal('en');
  });
});
