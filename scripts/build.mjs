#!/usr/bin/env node
// Bundles the elements: components/atelier.ts → dist/atelier.js, one minified ES module
// (no inline source map), target es2022 (standard decorators are lowered by esbuild,
// which reads tsconfig.json). Code an element loads only when it needs it (the
// launcher's form kit, `import('./form-kit.js')`) is bundled apart, beside it
// (dist/form-kit.js): atelier.js stays one module that imports nothing statically.
// Per-element entry points, components/atelier-<name>.ts → dist/elements/atelier-<name>.js,
// each one module defining one element (and what it renders), for pages that need only it;
// they load the same on-demand modules, from dist/.
// Prints the sizes, minified and gzipped (level 9).
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Loaded on demand by the elements, each its own self-contained module beside atelier.js. */
const LAZY = [
  { specifier: './form-kit.js', entry: join(root, 'components', 'launcher', 'form-kit.ts') },
  // <atelier-files>: its dialogs and its upload queue, once the user acts.
  { specifier: './file-dialogs.js', entry: join(root, 'components', 'files', 'file-dialogs.ts') },
  { specifier: './upload-queue.js', entry: join(root, 'components', 'files', 'upload-queue.ts') },
  // <atelier-service-card>: its README, logs, events and sharing panels, once opened (or a service failed).
  { specifier: './service-panels.js', entry: join(root, 'components', 'service-card', 'service-panels.ts') },
  // The OpenID Connect client (oauth4webapi), once someone signs in or a token is refreshed.
  { specifier: './oauth.js', entry: join(root, 'components', 'auth', 'oauth.ts') },
];

/** The elements built alone, each to dist/elements/atelier-<name>.js. */
export const ELEMENTS = ['app', 'catalog', 'launcher', 'services', 'files', 'launch-button'];

/**
 * Builds the bundle. Options: `outfile` (default `dist/atelier.js`), `quiet` (no size
 * line). Resolves with the output path and its sizes in bytes.
 */
export async function build({ outfile = join(root, 'dist', 'atelier.js'), quiet = false } = {}) {
  await mkdir(dirname(outfile), { recursive: true });
  for (const { specifier, entry } of LAZY) await esbuild.build({ ...common(), entryPoints: [entry], outfile: join(dirname(outfile), specifier) });
  const { minified, gzipped } = await buildOneModule(join(root, 'components', 'atelier.ts'), outfile, './');
  let lazyGzipped = 0;
  for (const { specifier } of LAZY) lazyGzipped += gzipSync(await readFile(join(dirname(outfile), specifier)), { level: 9 }).length;
  const elements = [];
  for (const name of ELEMENTS) {
    const elementFile = join(dirname(outfile), 'elements', `atelier-${name}.js`);
    elements.push({ name, ...(await buildOneModule(join(root, 'components', `atelier-${name}.ts`), elementFile, '../')) });
  }
  if (!quiet) {
    console.log(
      `${relative(join(root, 'dist'), outfile) || 'atelier.js'}: ${kib(minified)} KiB minified, ${kib(gzipped)} KiB gzipped` +
        ` (+ ${kib(lazyGzipped)} KiB gzipped loaded on demand: ${LAZY.map((lazy) => lazy.specifier.slice(2)).join(', ')})`,
    );
    for (const element of elements) console.log(`  elements/atelier-${element.name}.js: ${kib(element.minified)} KiB minified, ${kib(element.gzipped)} KiB gzipped`);
  }
  return { outfile, minified, gzipped, lazyGzipped, elements };
}

/**
 * Bundles `entry` into `outfile`, one module that imports nothing statically; its dynamic
 * imports of the LAZY modules point to them at `lazyBase` (relative to outfile).
 */
async function buildOneModule(entry, outfile, lazyBase) {
  await mkdir(dirname(outfile), { recursive: true });
  const lazyOnes = {
    name: 'lazy-modules',
    setup(build) {
      for (const { specifier } of LAZY) {
        const filter = new RegExp(`^${specifier.replace(/[.]/g, '\\.')}$`);
        build.onResolve({ filter }, (args) => (args.kind === 'dynamic-import' ? { path: lazyBase + specifier.slice(2), external: true } : undefined));
      }
    },
  };
  const result = await esbuild.build({ ...common(), entryPoints: [entry], outfile, metafile: true, plugins: [lazyOnes] });
  const statics = Object.values(result.metafile.outputs).flatMap((output) => output.imports.filter((imported) => imported.kind !== 'dynamic-import'));
  if (statics.length > 0) throw new Error(`${relative(root, outfile)} must stay one module, but imports ${statics.map((i) => i.path).join(', ')}`);
  const code = await readFile(outfile);
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

function common() {
  return {
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    tsconfig: join(root, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    conditions: ['production'],
    logLevel: 'warning',
  };
}

function kib(bytes) {
  return (bytes / 1024).toFixed(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  build().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
