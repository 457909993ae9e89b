import { html } from 'lit';
import '../components/launch-button/launch-button.js';
import { clickThrough, type AtelierMeta, type AtelierStory } from './story-types.js';

export default {
  title: 'Elements/Launch button',
  component: 'atelier-launch-button',
  render: () => html`<atelier-launch-button catalog="local" service="jupyter" name="Course notebook"></atelier-launch-button>`,
} satisfies AtelierMeta;

const launch: AtelierStory['play'] = ({ canvasElement }) => clickThrough(canvasElement, 'atelier-launch-button', '[part~="button"]');

export const Default: AtelierStory = { parameters: { atelier: {} } };
export const SignedOut: AtelierStory = { parameters: { atelier: { signedIn: false } } };
export const Loading: AtelierStory = { parameters: { atelier: { launch: 'loading' } }, play: launch };
export const Error: AtelierStory = { parameters: { atelier: { launch: 'error' } }, play: launch };
/** Launched: starting, then running with Open 1.5 s later. */
export const Launched: AtelierStory = { parameters: { atelier: {} }, play: launch };
