// `npm run analyze` → custom-elements.json: every element's attributes, properties,
// events, slots, CSS parts and custom properties, from the JSDoc of components/*/*.element.ts.
// Storybook's autodocs read it (.storybook/preview.ts). Generated, not committed.
export default {
  globs: ['components/*/*.element.ts', 'components/*/*.events.ts', 'components/*/!(*.*).ts', 'components/internal/*.ts'],
  exclude: ['components/atelier.ts'],
  outdir: '.',
  litelement: true,
};
