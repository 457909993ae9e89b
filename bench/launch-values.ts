/**
 * How long the server's part of a launch takes for Onyxia's real charts: the effective
 * schema (registry substitutions), the caller's defaults, and ajv validation of the merged
 * values — cold (first request for a schema: ajv compiles it) and warm (cached), against
 * a baseline measured in the same run: a plain JSON.parse of the same schema.
 *
 *   node --import tsx bench/launch-values.ts [corpus folder]   (default ../shared/conformance)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { effectiveSchema } from '../bff/catalogs/effective-schema.js';
import { SchemaRegistry } from '../bff/catalogs/schema-registry.js';
import { validateValues } from '../bff/catalogs/values.js';
import { emptyContext } from '../components/schema/context.js';
import { computeDefaults } from '../components/schema/defaults.js';
import { mergeValues } from '../components/schema/diff.js';

const corpus = resolve(process.argv[2] ?? process.env.ATELIER_CONFORMANCE_DIR ?? join(import.meta.dirname, '..', '..', 'shared', 'conformance'));
const registry = await SchemaRegistry.load(join(corpus, 'onyxia-api-schemas'));
const context = { ...emptyContext({ oneTimePassword: 'Benchmark1234', randomSubdomain: '123456' }), user: { idep: 'alice', name: 'Alice', email: '', lang: 'en', groups: ['staff'] }, project: { id: 'user-alice' } };

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const time = (fn: () => void) => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};

console.log('chart                 schema  cold ms  warm ms  JSON.parse ms  warm/parse');
for (const folder of ['interactive', 'databases']) {
  for (const file of readdirSync(join(corpus, folder)).filter((name) => name.endsWith('.values.schema.json'))) {
    const text = readFileSync(join(corpus, folder, file), 'utf8');
    const chart = JSON.parse(text);
    const request = () => {
      const { schema } = effectiveSchema(chart, registry, context.user.groups);
      const defaults = computeDefaults(schema, context);
      const values = mergeValues(defaults, { resources: { limits: { cpu: '2000m' } } });
      const errors = validateValues(schema, values, context, defaults);
      if (errors.length > 0) throw new Error(JSON.stringify(errors));
    };
    const cold = time(request);
    const warm = median(Array.from({ length: 200 }, () => time(request)));
    const parse = median(Array.from({ length: 200 }, () => time(() => JSON.parse(text))));
    console.log(
      `${file.replace('.values.schema.json', '').padEnd(22)}${(text.length / 1024).toFixed(0).padStart(4)} KiB${cold.toFixed(1).padStart(9)}${warm.toFixed(2).padStart(9)}${parse.toFixed(3).padStart(15)}${(warm / parse).toFixed(1).padStart(11)}×`,
    );
  }
}
