import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../components/catalog-card/catalog-card.js';
import type { AtelierCatalogCard } from '../../components/catalog-card/catalog-card.element.js';
import { deep, sampleCatalogs, visibleText } from './fixtures.js';

const [jupyter, rstudio] = sampleCatalogs[0]!.services as [(typeof sampleCatalogs)[0]['services'][0], (typeof sampleCatalogs)[0]['services'][0]];

describe('atelier-catalog-card', () => {
  it('renders an entry: icon, name, description, category, version, Launch', async () => {
    const el = await fixture<AtelierCatalogCard>(
      html`<atelier-catalog-card catalog="local" .entry=${jupyter} .iconUrl=${'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg"/>'}></atelier-catalog-card>`,
    );
    expect(visibleText(el)).to.equal('Jupyter Notebook Development environment Version 6.4 Python notebooks in your browser. Launch');
    expect(deep(el, 'img')!.getAttribute('alt')).to.equal('');
    await expect(el).to.be.accessible();
    setTimeout(() => deep<HTMLButtonElement>(el, 'button')!.click());
    const event = await oneEvent(el, 'atelier-service-select');
    expect(event.detail).to.deep.equal({ catalog: 'local', service: 'jupyter' });
  });

  it('shows a letter when there is no icon, and explains unavailability in French', async () => {
    const el = await fixture<AtelierCatalogCard>(html`<atelier-catalog-card lang="fr" catalog="local" .entry=${rstudio}></atelier-catalog-card>`);
    expect(deep(el, '[part~="icon"]')!.textContent).to.equal('R');
    const text = visibleText(el);
    expect(text).to.contain('Indisponible ici : RStudio is not installed on this server.');
    expect(text).to.contain('Pour y remédier : An administrator can install it.');
    expect(deep(el, 'button')!.getAttribute('aria-label')).to.equal('Lancer RStudio');
    await expect(el).to.be.accessible();
  });
});
