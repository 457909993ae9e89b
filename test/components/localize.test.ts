import { expect, fixture, html } from '@open-wc/testing';
import { en } from '../../components/internal/locales/en.js';
import { fr } from '../../components/internal/locales/fr.js';
import { formatPercent, formatRelativeTime, formatSize, langOf, supportedLang } from '../../components/internal/localize.js';

describe('localize', () => {
  it('has a French string for every English one', () => {
    expect(Object.keys(fr).sort()).to.deep.equal(Object.keys(en).sort());
    expect(Object.keys(fr.statuses).sort()).to.deep.equal(Object.keys(en.statuses).sort());
  });

  it('falls back to a supported language', () => {
    expect(supportedLang('fr-CA')).to.equal('fr');
    expect(supportedLang('FR')).to.equal('fr');
    expect(supportedLang('de')).to.equal('en');
    expect(supportedLang(null)).to.equal('en');
  });

  it('takes the element’s lang, else the closest ancestor’s (through shadow roots), else <html lang>', async () => {
    const outer = await fixture<HTMLDivElement>(html`<div lang="fr"><span id="inner"></span><span id="own" lang="en"></span></div>`);
    expect(langOf(outer.querySelector('#inner')!)).to.equal('fr');
    expect(langOf(outer.querySelector('#own')!)).to.equal('en');
    const host = outer.querySelector('#inner')!;
    const root = host.attachShadow({ mode: 'open' });
    const deepChild = document.createElement('b');
    root.append(deepChild);
    expect(langOf(deepChild)).to.equal('fr');
    const loose = document.createElement('i');
    document.body.append(loose);
    const before = document.documentElement.lang;
    document.documentElement.lang = 'fr';
    expect(langOf(loose)).to.equal('fr');
    document.documentElement.lang = before;
    loose.remove();
  });

  it('formats times and sizes with Intl', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(formatRelativeTime('2026-03-01T11:55:00Z', 'en', now)).to.equal('5 minutes ago');
    expect(formatRelativeTime('2026-03-01T11:55:00Z', 'fr', now)).to.equal('il y a 5 minutes');
    expect(formatRelativeTime('2026-02-28T12:00:00Z', 'en', now)).to.equal('yesterday');
    expect(formatRelativeTime('2026-03-01T12:00:00Z', 'en', now)).to.equal('now');
    expect(formatSize(1500000, 'en')).to.equal('1.5 MB');
    expect(formatSize(1500000, 'fr')).to.match(/^1,5\sMo$/);
    expect(formatPercent(40, 'en')).to.equal('40%');
    expect(formatPercent(40, 'fr')).to.match(/^40\s%$/);
  });
});
