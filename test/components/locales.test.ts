import { expect, html } from '@open-wc/testing';
import '../../components/catalog/catalog.js';
import { locales, registerLocale } from '../../components/internal/localize.js';
import { fewCatalogs } from '../../stories/sample-data.js';
import { stage } from '../../stories/stage.js';
import { de } from '../fixtures/locales/de.js';
import { settle, visibleText } from './fixtures.js';

describe('a third language', () => {
  it('is one file: registered, the elements already on the page speak it, by their lang or the page’s', async () => {
    const wrapper = stage(html`<atelier-catalog></atelier-catalog>`, { catalogs: fewCatalogs }, 'de');
    document.body.append(wrapper);
    const catalog = wrapper.firstElementChild as HTMLElement;
    try {
      await settle(catalog);
      expect(visibleText(catalog)).to.contain('Search services'); // not known yet: English
      registerLocale('de', de);
      expect(locales()).to.include('de');
      await settle(catalog);
      expect(visibleText(catalog)).to.contain('Dienste suchen');
      expect(catalog.shadowRoot!.querySelector('[part~="launch"]') ?? catalog.shadowRoot!.querySelector('atelier-catalog-card')!.shadowRoot!.querySelector('[part~="launch"]'))
        .to.have.attribute('aria-label', 'Jupyter Notebook starten');
      wrapper.removeAttribute('lang');
      document.documentElement.lang = 'de-AT';
      await settle(catalog);
      expect(visibleText(catalog), 'from <html lang>').to.contain('Dienste suchen');
      document.documentElement.lang = 'fr';
      await settle(catalog);
      expect(visibleText(catalog)).to.contain('Rechercher');
    } finally {
      document.documentElement.lang = 'en';
      wrapper.remove();
    }
  });
});
