import { html } from 'lit';
import '../components/services/services.js';
import { manyServices, servicesInEveryStatus } from './sample-data.js';
import type { AtelierMeta, AtelierStory } from './story-types.js';

export default {
  title: 'Elements/Services',
  component: 'atelier-services',
  render: () => html`<atelier-services></atelier-services>`,
} satisfies AtelierMeta;

export const EveryStatus: AtelierStory = { parameters: { atelier: { services: servicesInEveryStatus } } };
export const Loading: AtelierStory = { parameters: { atelier: { services: 'loading' } } };
export const Empty: AtelierStory = { parameters: { atelier: { services: [] } } };
export const Error: AtelierStory = { parameters: { atelier: { services: 'error' } } };
export const ManyItems: AtelierStory = { parameters: { atelier: { services: manyServices } } };
export const SignedOut: AtelierStory = { parameters: { atelier: { signedIn: false } } };
