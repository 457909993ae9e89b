// Storybook for Atelier's elements (stories/*.stories.ts), built with Vite. It makes no
// outside connection: telemetry, version checks and "what's new" are off, so `npm run
// storybook` and `npm run build-storybook` work offline. Autodocs read the custom-elements
// manifest (custom-elements.json, written by `npm run analyze`).
import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  stories: ['../stories/*.stories.ts'],
  addons: ['@storybook/addon-docs'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true, enableCrashReports: false },
  // The elements use standard decorators with `accessor` fields: esbuild must not lower them below ES2022.
  viteFinal: (vite) => ({
    ...vite,
    logLevel: 'warn',
    esbuild: { ...(vite.esbuild || {}), target: 'es2022' },
    // Storybook's own UI chunks are large; only the elements' size matters (scripts/build.mjs budgets it).
    build: { ...vite.build, target: 'es2022', chunkSizeWarningLimit: 4096 },
  }),
};

export default config;
