import { html } from 'lit';
import '../components/launcher/launcher.js';
import type { SavedConfiguration } from '../components/api/types.js';
import { demoEntries } from './sample-data.js';
import { clickThrough, type AtelierMeta, type AtelierStory } from './story-types.js';

interface Args {
  catalog: string;
  service: string;
}

export default {
  title: 'Elements/Launcher',
  component: 'atelier-launcher',
  args: { catalog: 'local', service: 'jupyter' },
  render: ({ catalog, service }) => html`<atelier-launcher catalog=${catalog} service=${service}></atelier-launcher>`,
} satisfies AtelierMeta<Args>;

type Story = AtelierStory<Args>;

const savedConfigurations: SavedConfiguration[] = Array.from({ length: 8 }, (_, index) => ({
  id: `cfg-${index + 1}`,
  name: `Course ${index + 1}: ${index % 2 ? 'big' : 'small'} notebook`,
  catalog: 'local',
  service: 'jupyter',
  version: null,
  friendlyName: '',
  values: { resources: { cpu: 1 + (index % 4) } },
  createdAt: '2026-09-01T08:00:00.000Z',
  updatedAt: '2026-09-01T08:00:00.000Z',
}));

export const Default: Story = { parameters: { atelier: { entries: demoEntries } } };
export const Loading: Story = { parameters: { atelier: { entries: 'loading' } } };
export const Empty: Story = { args: { catalog: '', service: '' }, parameters: { atelier: { entries: demoEntries } } };
export const Error: Story = { parameters: { atelier: { entries: 'error' } } };
export const ManyItems: Story = { parameters: { atelier: { entries: demoEntries, configurations: savedConfigurations } } };
export const SignedOut: Story = { parameters: { atelier: { signedIn: false, entries: demoEntries } } };
export const Launching: Story = {
  parameters: { atelier: { entries: demoEntries, launch: 'loading' } },
  play: ({ canvasElement }) => clickThrough(canvasElement, 'atelier-launcher', '[part~="submit"]'),
};
export const LaunchFailed: Story = {
  parameters: { atelier: { entries: demoEntries, launch: 'error' } },
  play: ({ canvasElement }) => clickThrough(canvasElement, 'atelier-launcher', '[part~="submit"]'),
};
