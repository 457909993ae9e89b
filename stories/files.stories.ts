import { html } from 'lit';
import '../components/files/files.js';
import { manyFiles, someFiles } from './sample-data.js';
import type { AtelierMeta, AtelierStory } from './story-types.js';

export default {
  title: 'Elements/Files',
  component: 'atelier-files',
  render: () => html`<atelier-files></atelier-files>`,
} satisfies AtelierMeta;

export const Default: AtelierStory = { parameters: { atelier: { files: someFiles } } };
export const Loading: AtelierStory = { parameters: { atelier: { files: 'loading' } } };
export const Empty: AtelierStory = { parameters: { atelier: { files: {} } } };
export const Error: AtelierStory = { parameters: { atelier: { files: 'error' } } };
export const ManyItems: AtelierStory = { parameters: { atelier: { files: manyFiles } } };
export const SignedOut: AtelierStory = { parameters: { atelier: { signedIn: false, files: someFiles } } };
