// Every story is staged by stories/stage.ts (a fake datalab behind the element, through
// the same contexts a page or <atelier-app> provides), in the language and theme chosen
// in the toolbar. The themes are every file of themes/: a new theme shows up by itself.
import { setCustomElementsManifest, type Decorator, type Preview } from '@storybook/web-components-vite';
import type { TemplateResult } from 'lit';
import manifest from '../custom-elements.json';
import { stage } from '../stories/stage.js';
import type { AtelierParameters } from '../stories/story-types.js';

setCustomElementsManifest(manifest);

const themeFiles = import.meta.glob<string>('../themes/*.css', { query: '?url', import: 'default', eager: true });
const themes = Object.fromEntries(Object.entries(themeFiles).map(([path, url]) => [path.replace(/^.*\/|\.css$/g, ''), url]));

/** Loads the theme's CSS file (one at a time) and forces it on the page, as themes/README.md says. */
function applyTheme(name: string): void {
  let link = document.querySelector<HTMLLinkElement>('link#atelier-theme');
  if (!link) {
    link = Object.assign(document.createElement('link'), { id: 'atelier-theme', rel: 'stylesheet' });
    document.head.append(link);
  }
  const url = themes[name] ?? themes.light ?? '';
  if (link.getAttribute('href') !== url) link.href = url;
  document.documentElement.dataset.atelierTheme = name;
  for (const theme of Object.keys(themes)) document.body.classList.toggle(`atelier-theme-${theme}`, theme === name);
  document.body.style.background = 'var(--atelier-color-surface)';
}

const withAtelier: Decorator = (story, context) => {
  applyTheme(String(context.globals.theme ?? 'light'));
  document.documentElement.lang = String(context.globals.locale ?? 'en');
  return stage(story() as TemplateResult, (context.parameters as AtelierParameters).atelier, String(context.globals.locale ?? 'en'));
};

const preview: Preview = {
  tags: ['autodocs'],
  decorators: [withAtelier],
  globalTypes: {
    theme: {
      description: 'Atelier theme (themes/*.css)',
      toolbar: { title: 'Theme', icon: 'paintbrush', items: Object.keys(themes).sort(), dynamicTitle: true },
    },
    locale: {
      description: 'Language of the elements',
      toolbar: {
        title: 'Language',
        icon: 'globe',
        items: [
          { value: 'en', title: 'English' },
          { value: 'fr', title: 'Français' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light', locale: 'en' },
  parameters: { controls: { expanded: true } },
};

export default preview;
