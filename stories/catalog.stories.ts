import { html } from 'lit';
import '../components/catalog/catalog.js';
import '../components/catalog-card/catalog-card.js';
import { demoConfig, fewCatalogs, manyCatalogs } from './sample-data.js';
import type { AtelierMeta, AtelierStory } from './story-types.js';

interface Args {
  query: string;
}

export default {
  title: 'Elements/Catalog',
  component: 'atelier-catalog',
  args: { query: '' },
  render: ({ query }) => html`<atelier-catalog .query=${query}></atelier-catalog>`,
} satisfies AtelierMeta<Args>;

type Story = AtelierStory<Args>;

export const Default: Story = { parameters: { atelier: { catalogs: fewCatalogs } } };
export const Loading: Story = { parameters: { atelier: { catalogs: 'loading' } } };
export const Empty: Story = { parameters: { atelier: { catalogs: [] } } };
export const Error: Story = { parameters: { atelier: { catalogs: 'error' } } };
export const ManyItems: Story = { parameters: { atelier: { catalogs: manyCatalogs } } };
export const Searching: Story = { args: { query: 'postgres' }, parameters: { atelier: { catalogs: manyCatalogs } } };
export const NoMatch: Story = { args: { query: 'cobol' }, parameters: { atelier: { catalogs: fewCatalogs } } };
export const SignedOut: Story = { parameters: { atelier: { signedIn: false, catalogs: fewCatalogs } } };
export const PublicSignedOut: Story = {
  parameters: { atelier: { signedIn: false, catalogs: fewCatalogs, config: { ...demoConfig, publicCatalogs: true } } },
};
