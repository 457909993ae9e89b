#!/usr/bin/env node
// Bundles the elements: components/atelier.ts → dist/atelier.js, one minified ES module
// (no inline source map), target es2022 (standard decorators are lowered by esbuild,
// which reads tsconfig.json). Prints the size, minified and gzipped (level 9).
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Builds the bundle. Options: `outfile` (default `dist/atelier.js`), `quiet` (no size
 * line). Resolves with the output path and its sizes in bytes.
 */
export async function build({ outfile = join(root, 'dist', 'atelier.js'), quiet = false } = {}) {
  await mkdir(dirname(outfile), { recursive: true });
  await esbuild.build({
    entryPoints: [join(root, 'components', 'atelier.ts')],
    outfile,
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
  });
  const code = await readFile(outfile);
  const minified = code.length;
  const gzipped = gzipSync(code, { level: 9 }).length;
  if (!quiet) {
    console.log(`${relative(join(root, 'dist'), outfile) || 'atelier.js'}: ${kib(minified)} KiB minified, ${kib(gzipped)} KiB gzipped`);
  }
  return { outfile, minified, gzipped };
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
