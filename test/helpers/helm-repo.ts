import { createReadStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { stringify } from 'yaml';

export interface ChartVersion {
  name: string;
  version: string;
  description?: string;
  keywords?: string[];
  /** Files of the chart by base name: `values.schema.json`, `values.yaml`, `Chart.yaml`… */
  files: Record<string, string>;
}

/** A Helm repository as `helm repo index` lays it out: `index.yaml` and one `<name>-<version>.tgz` per chart version. */
export async function writeHelmRepo(folder: string, charts: ChartVersion[]): Promise<void> {
  await mkdir(folder, { recursive: true });
  const entries: Record<string, unknown[]> = {};
  for (const chart of charts) {
    const archive = `${chart.name}-${chart.version}.tgz`;
    await writeFile(join(folder, archive), await chartArchive(chart));
    (entries[chart.name] ??= []).push({
      apiVersion: 'v2',
      name: chart.name,
      version: chart.version,
      description: chart.description ?? `${chart.name} ${chart.version}`,
      keywords: chart.keywords ?? [],
      urls: [archive],
      created: new Date(0).toISOString(),
    });
  }
  await writeFile(join(folder, 'index.yaml'), stringify({ apiVersion: 'v1', entries, generated: new Date(0).toISOString() }));
}

async function chartArchive(chart: ChartVersion): Promise<Buffer> {
  const tar = pack();
  const files = { 'Chart.yaml': stringify({ apiVersion: 'v2', name: chart.name, version: chart.version }), ...chart.files };
  for (const [name, content] of Object.entries(files)) tar.entry({ name: `${chart.name}/${name}` }, content);
  tar.entry({ name: `${chart.name}/templates/deployment.yaml` }, 'kind: Deployment\n');
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of tar) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

/** Serves a folder over HTTP on a free port (a Helm repository at a URL). */
export async function serveFolder(folder: string): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(folder, path);
    if (!(await stat(file).then((info) => info.isFile(), () => false))) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200);
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, server };
}
