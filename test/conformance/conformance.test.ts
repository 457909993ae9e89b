/**
 * The conformance suite: real Onyxia charts (values.schema.json + values.yaml) and Onyxia's
 * schema registry, from the corpus beside the repository (`ATELIER_CONFORMANCE_DIR`, else
 * `../shared/conformance`). Each chart is served from a real Helm repository (index.yaml
 * and .tgz archives), its effective schema is rendered by <atelier-launcher> in Chromium,
 * and the BFF validates its values. Skipped, saying so, when the corpus is absent.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { parse as parseYaml } from 'yaml';
import { isHidden } from '../../components/schema/hidden.js';
import { asSchema, type Schema } from '../../components/schema/types.js';
import { launchChromium } from '../e2e/browser.js';
import { writeHelmRepo, type ChartVersion } from '../helpers/helm-repo.js';
import { call } from '../helpers/http.js';
import { issuerToken } from '../helpers/issuer.js';
import { startInProcessStack } from '../helpers/stack.js';
import { tempDir } from '../helpers/temp.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CORPUS = resolve(ROOT, process.env.ATELIER_CONFORMANCE_DIR ?? '../shared/conformance');
const PRESENT = existsSync(join(CORPUS, 'onyxia-api-schemas'));

if (!PRESENT) {
  console.log(`# conformance: SKIPPED — no corpus at ${CORPUS} (set ATELIER_CONFORMANCE_DIR to the folder of Onyxia's schemas)`);
  test('the conformance suite over Onyxia’s charts', { skip: `SKIPPED: no corpus at ${CORPUS} (set ATELIER_CONFORMANCE_DIR)` }, () => undefined);
}

/** The charts of the corpus: `<folder>/<chart>.values.schema.json` beside `<chart>.values.yaml`. */
async function corpusCharts(): Promise<ChartVersion[]> {
  const charts: ChartVersion[] = [];
  for (const folder of ['interactive', 'databases']) {
    for (const file of (await readdir(join(CORPUS, folder))).filter((name) => name.endsWith('.values.schema.json')).sort()) {
      const name = file.replace('.values.schema.json', '');
      charts.push({
        name,
        version: '1.0.0',
        description: `${name} (Onyxia)`,
        keywords: [folder === 'databases' ? 'database' : 'ide'],
        files: {
          'values.schema.json': await readFile(join(CORPUS, folder, file), 'utf8'),
          'values.yaml': await readFile(join(CORPUS, folder, `${name}.values.yaml`), 'utf8'),
        },
      });
    }
  }
  return charts;
}

/**
 * Onyxia's registry as the corpus has it, plus what an institution adds: custom images
 * forbidden (a const) except for the `image-builders` role, and a range on exposed ports.
 */
async function registryFolder(): Promise<string> {
  const folder = await tempDir('atelier-registry-');
  await cp(join(CORPUS, 'onyxia-api-schemas'), folder, { recursive: true });
  const original = await readFile(join(CORPUS, 'onyxia-api-schemas', 'ide', 'customImage.json'), 'utf8');
  await mkdir(join(folder, 'roles', 'image-builders', 'ide'), { recursive: true });
  await writeFile(join(folder, 'roles', 'image-builders', 'ide', 'customImage.json'), original);
  await writeFile(join(folder, 'ide', 'customImage.json'), JSON.stringify({ title: 'Use a custom image instead', type: 'boolean', const: false }));
  await writeFile(
    join(folder, 'ide', 'networking.json'),
    JSON.stringify({
      title: 'Network access',
      type: 'object',
      properties: {
        user: {
          title: 'Ports',
          type: 'object',
          properties: {
            enabled: { title: 'Enable access to your service through specific ports', type: 'boolean', default: false },
            port: { title: 'Port number to expose', type: 'integer', minimum: 1024, maximum: 65535, default: 5000, hidden: { value: false, path: 'networking/user/enabled' } },
          },
        },
      },
    }),
  );
  return folder;
}

/** Keys of every leaf property a user should see for these values (not hidden, no hidden ancestor). */
function visibleLeaves(schema: Schema, values: unknown, parent: string[] = []): string[] {
  const properties = asSchema(schema.properties);
  if (!properties) return [];
  return Object.entries(properties).flatMap(([name, child]) => {
    const childSchema = asSchema(child);
    const path = [...parent, name];
    if (!childSchema || isHidden(childSchema, path, values)) return [];
    const isGroup = asSchema(childSchema.properties) && (childSchema.type === 'object' || childSchema.type === undefined);
    return isGroup ? visibleLeaves(childSchema, values, path) : [path.join('.')];
  });
}

describe('conformance: Onyxia’s charts and registry', { skip: !PRESENT }, () => {
  let stack: Awaited<ReturnType<typeof startInProcessStack>>;
  let browser: Browser;
  let page: Page;
  let charts: ChartVersion[];
  let alice: string;
  let builder: string;
  /** Every URL the page asked for. */
  const requests: string[] = [];
  const api = (method: string, path: string, options?: Parameters<typeof call>[3]) => call(stack.bffUrl, method, path, options);

  before(async () => {
    charts = await corpusCharts();
    const repo = await tempDir('atelier-onyxia-charts-');
    await writeHelmRepo(repo, charts);
    stack = await startInProcessStack({ catalogs: { sources: [{ id: 'onyxia', type: 'helm', path: repo }], schemas: await registryFolder() } });
    alice = await issuerToken({ url: stack.issuerUrl }, stack.data, 'alice', ['staff']);
    builder = await issuerToken({ url: stack.issuerUrl }, stack.data, 'bea', ['image-builders']);
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('request', (request) => requests.push(request.url()));
    const pageUrl = `${stack.bffUrl}/conformance.html`;
    await page.route(pageUrl, (route) =>
      route.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><title>conformance</title><script type="module" src="/atelier.js"></script><body></body></html>` }),
    );
    await page.goto(pageUrl);
    await page.waitForFunction(() => customElements.get('atelier-launcher') !== undefined);
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  test('every chart of the corpus is listed from the Helm repository', async () => {
    const { body } = await api('GET', '/api/catalogs');
    assert.deepEqual(body[0].services.map((s: any) => s.id).sort(), charts.map((c) => c.name).sort());
    assert.ok(body[0].services.every((s: any) => s.launchable === false && s.unavailable === null));
    assert.deepEqual(stack.logs.filter((line) => /left out/.test(line)), [], 'no chart is left out');
  });

  test('every schema renders in Chromium: no unknown keyword, no error, no request, every visible property a field', async () => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    const before = requests.length;
    for (const chart of charts) {
      const { body: entry } = await api('GET', `/api/catalogs/onyxia/services/${chart.name}`, { token: alice });
      const rendered = await page.evaluate(async ({ schema, context, name }) => {
        document.body.replaceChildren();
        const el = document.createElement('atelier-launcher') as HTMLElement & Record<string, any>;
        el.schema = schema;
        el.context = context;
        el.service = name;
        document.body.append(el);
        await el.updateComplete;
        const root = el.shadowRoot!;
        return {
          unknown: el.unknownKeywords as string[],
          value: el.value as Record<string, unknown>,
          keys: [...root.querySelectorAll('[data-key]')].map((node) => node.getAttribute('data-key')!),
          ranges: [...root.querySelectorAll('fieldset.range')].map((node) => node.getAttribute('data-key')!),
          sliders: [...root.querySelectorAll('input[type="range"]')].map((node) => node.id.replace(/^field-/, '')),
        };
      }, { schema: entry.schema, context: entry.context, name: chart.name });
      assert.deepEqual(rendered.unknown, [], `${chart.name}: unknown keywords`);
      assert.deepEqual(rendered.value, entry.defaults, `${chart.name}: the form computes the server's defaults`);
      const shown = new Set(rendered.keys.flatMap((key) => key.split('~')));
      const missing = visibleLeaves(entry.schema, entry.defaults).filter((key) => !shown.has(key));
      assert.deepEqual(missing, [], `${chart.name}: visible properties without a field`);
      assert.ok(rendered.ranges.some((key) => key === 'resources.requests.cpu~resources.limits.cpu' || key.endsWith('requests.cpu~' + key.split('~')[1])), `${chart.name}: the CPU sliders are one range`);
      assert.ok(rendered.sliders.length >= 4, `${chart.name}: sliders render as sliders`);
    }
    assert.deepEqual(errors, []);
    const code = (url: string) => new URL(url).origin === stack.bffUrl && /^\/(atelier|form-kit)\.js$/.test(new URL(url).pathname);
    assert.deepEqual(requests.slice(before).filter((url) => !code(url)), [], 'a launcher given its schema makes no request (but for the library’s own code)');
  });

  test('a dry run of each chart’s values.yaml defaults succeeds', async () => {
    for (const chart of charts) {
      const values = parseYaml(chart.files['values.yaml']!) as Record<string, unknown>;
      const { status, body } = await api('POST', '/api/services', { token: alice, body: { catalog: 'onyxia', service: chart.name, dryRun: true, values } });
      assert.equal(status, 200, `${chart.name}: ${JSON.stringify(body)}`);
    }
  });

  test('values that break a pattern, an enum, a const, a range or a role override fail with 400 naming the path', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['jupyter-python', { extraEnvVars: [{ name: 'HAS SPACE', value: 'x' }] }, 'extraEnvVars.0.name'],
      ['vscode-python', { service: { image: { pullPolicy: 'Sometimes' } } }, 'service.image.pullPolicy'],
      ['rstudio', { kubernetes: { role: 'cluster-admin' } }, 'kubernetes.role'],
      ['postgresql', { postgresql: { image: { tag: '9' } } }, 'postgresql.image.tag'],
      ['jupyter-python', { service: { image: { custom: { enabled: true } } } }, 'service.image.custom.enabled'],
      ['jupyter-python', { networking: { user: { enabled: true, port: 80 } } }, 'networking.user.port'],
      ['jupyter-python', { resources: { limits: { memory: 64 } } }, 'resources.limits.memory'],
    ];
    for (const [service, values, path] of cases) {
      const { status, body } = await api('POST', '/api/services', { token: alice, body: { catalog: 'onyxia', service, dryRun: true, values } });
      assert.equal(status, 400, `${service} ${JSON.stringify(values)}: ${status}`);
      assert.deepEqual(body.errors.map((error: any) => error.path), [path]);
      assert.ok(body.errors[0].message.length > 0);
    }
    const custom = { service: { image: { custom: { enabled: true, version: 'me/my-image:1' } } } };
    const allowed = await api('POST', '/api/services', { token: builder, body: { catalog: 'onyxia', service: 'jupyter-python', dryRun: true, values: custom } });
    assert.equal(allowed.status, 200, 'the image-builders role gets the chart’s own schema back');
  });

  test('a real launch of a Helm chart answers 409: it needs the Kubernetes driver', async () => {
    const { status, body } = await api('POST', '/api/services', { token: alice, body: { catalog: 'onyxia', service: 'jupyter-python' } });
    assert.equal(status, 409);
    assert.match(body.message, /Kubernetes driver/);
  });
});
