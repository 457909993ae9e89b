import { expect, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../components/launch-button/launch-button.js';
import { mount, settle } from './fixtures.js';

// Every theme of themes/README.md declares every token of its contract, with the contrasts
// the contract asks for, and focus is visible in each. The README is the source of both lists.

const readme = await (await fetch('/themes/README.md')).text();
const THEMES = [...readme.matchAll(/^\| `([a-z0-9-]+)` \| `\1\.css`/gm)].map((match) => match[1]!);
const contract = readme.slice(readme.indexOf('## The token contract'), readme.indexOf('### Component tokens'));
const TOKENS = [...contract.matchAll(/^\| `(--atelier-[a-z0-9-]+)`/gm)].map((match) => match[1]!);
const FILLS = ['brand', 'success', 'warning', 'danger'];

function loadStylesheet(href: string): Promise<HTMLLinkElement> {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  const loaded = new Promise<HTMLLinkElement>((resolve, reject) => {
    link.onload = () => resolve(link);
    link.onerror = () => reject(new Error(`${href} did not load`));
  });
  document.head.append(link);
  return loaded;
}

/** A token's color as the browser computes it, in sRGB 0–255. */
function colorOf(scope: Element, value: string): [number, number, number] {
  const probe = document.createElement('span');
  probe.style.color = value;
  scope.append(probe);
  const [r, g, b] = getComputedStyle(probe).color.match(/[\d.]+/g)!.map(Number);
  probe.remove();
  return [r!, g!, b!];
}

function luminance([r, g, b]: [number, number, number]): number {
  const linear = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

function contrast(a: [number, number, number], b: [number, number, number]): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

describe('themes', () => {
  it('the README lists the five themes and the contract’s tokens', () => {
    expect(THEMES).to.include.members(['light', 'dark', 'high-contrast', 'brand-hexagone', 'brand-valmont']);
    expect(TOKENS).to.include.members(['--atelier-color-surface', '--atelier-focus-ring', '--atelier-color-danger-on']);
    expect(TOKENS).to.have.length(21);
  });

  for (const theme of THEMES) {
    describe(theme, () => {
      let link: HTMLLinkElement;
      let scope: HTMLElement;
      before(async () => {
        link = await loadStylesheet(`/themes/${theme}.css`);
      });
      after(() => link.remove());
      beforeEach(() => {
        scope = document.createElement('div');
        scope.setAttribute('data-atelier-theme', theme);
        document.body.append(scope);
      });
      afterEach(() => scope.remove());

      it('declares every token of the contract', () => {
        const style = getComputedStyle(scope);
        const missing = TOKENS.filter((token) => style.getPropertyValue(token).trim() === '');
        expect(missing, `tokens missing from ${theme}.css`).to.deep.equal([]);
      });

      it('keeps text ≥ 4.5:1 and borders and fills ≥ 3:1 on its surface, and text on fills ≥ 4.5:1', () => {
        const token = (name: string) => colorOf(scope, `var(--atelier-${name})`);
        const surface = token('color-surface');
        const ratios: Record<string, [number, number]> = {
          text: [contrast(token('color-text'), surface), 4.5],
          'text-quiet': [contrast(token('color-text-quiet'), surface), 4.5],
          border: [contrast(token('color-border'), surface), 3],
        };
        for (const fill of FILLS) {
          ratios[`${fill}-fill on surface`] = [contrast(token(`color-${fill}-fill`), surface), 3];
          ratios[`${fill}-on on ${fill}-fill`] = [contrast(token(`color-${fill}-on`), token(`color-${fill}-fill`)), 4.5];
        }
        const failing = Object.entries(ratios).filter(([, [ratio, minimum]]) => ratio < minimum).map(([pair, [ratio]]) => `${pair}: ${ratio.toFixed(2)}`);
        expect(failing).to.deep.equal([]);
      });

      it('shows focus: a keyboard-focused button gets the theme’s ring, ≥ 2 px and ≥ 3:1 on the surface', async () => {
        const button = await mount<HTMLElement>(html`<atelier-launch-button catalog="local" service="jupyter"></atelier-launch-button>`);
        scope.append(button.parentElement!);
        await settle(button);
        const inner = button.shadowRoot!.querySelector<HTMLButtonElement>('button')!;
        const before = document.createElement('button');
        before.textContent = 'before';
        scope.prepend(before);
        before.focus();
        await sendKeys({ press: 'Tab' });
        expect(button.shadowRoot!.activeElement).to.equal(inner);
        const style = getComputedStyle(inner);
        expect(inner.matches(':focus-visible')).to.be.true;
        expect(style.outlineStyle).to.equal('solid');
        expect(parseFloat(style.outlineWidth)).to.be.at.least(2);
        const ring = colorOf(scope, style.outlineColor);
        expect(contrast(ring, colorOf(scope, 'var(--atelier-color-surface)'))).to.be.at.least(3);
      });
    });
  }
});

describe('the light theme and the reader’s dark preference', () => {
  let link: HTMLLinkElement;
  before(async () => {
    link = await loadStylesheet('/themes/light.css');
  });
  after(async () => {
    link.remove();
    document.documentElement.removeAttribute('data-atelier-theme');
    await emulateMedia({ colorScheme: 'light' });
  });
  const rootSurface = () => getComputedStyle(document.documentElement).getPropertyValue('--atelier-color-surface').trim();

  it('is light when the reader prefers light', async () => {
    await emulateMedia({ colorScheme: 'light' });
    expect(rootSurface()).to.equal('#ffffff');
  });

  it('turns dark when the reader prefers dark', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    // The imported dark.css may still be loading.
    await waitUntil(() => rootSurface() === '#111827', `the root surface stays ${rootSurface()}`);
  });

  it('stays light when the page forces it, whatever the preference', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    document.documentElement.setAttribute('data-atelier-theme', 'light');
    expect(rootSurface()).to.equal('#ffffff');
  });
});
