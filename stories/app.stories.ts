import { html } from 'lit';
import '../components/app/app.js';
import '../components/catalog/catalog.js';
import '../components/files/files.js';
import '../components/launcher/launcher.js';
import '../components/services/services.js';
import { demoEntries, fewCatalogs, manyCatalogs, manyServices, servicesInEveryStatus, someFiles } from './sample-data.js';
import { clickThrough, type AtelierMeta, type AtelierStory } from './story-types.js';

export default {
  title: 'Elements/App',
  component: 'atelier-app',
  parameters: { layout: 'fullscreen' },
  render: () => html`<atelier-app></atelier-app>`,
} satisfies AtelierMeta;

export const Default: AtelierStory = {
  parameters: { atelier: { catalogs: fewCatalogs, entries: demoEntries, services: servicesInEveryStatus, files: someFiles } },
};
export const Loading: AtelierStory = { parameters: { atelier: { catalogs: 'loading', services: 'loading', files: 'loading' } } };
export const Empty: AtelierStory = { parameters: { atelier: { catalogs: [], services: [], files: {} } } };
export const Error: AtelierStory = { parameters: { atelier: { catalogs: 'error', services: 'error', files: 'error' } } };
export const ManyItems: AtelierStory = { parameters: { atelier: { catalogs: manyCatalogs, services: manyServices, files: someFiles } } };
export const SignedOut: AtelierStory = { parameters: { atelier: { signedIn: false, catalogs: fewCatalogs } } };
/** The launcher open in its dialog, from the first card's Launch. */
export const LauncherOpen: AtelierStory = {
  parameters: { atelier: { catalogs: fewCatalogs, entries: demoEntries, services: [], files: someFiles } },
  play: ({ canvasElement }) => clickThrough(canvasElement, 'atelier-app', 'atelier-catalog', 'atelier-catalog-card', '[part~="launch"]'),
};
