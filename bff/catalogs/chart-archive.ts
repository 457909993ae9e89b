import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';

const MAX_UNPACKED = 64 * 1024 * 1024;
const MAX_FILE = 8 * 1024 * 1024;

/**
 * The top-level files of a Helm chart archive (`<chart>/values.schema.json`,
 * `<chart>/values.yaml`, `<chart>/Chart.yaml`) that `wanted` asks for, by base name.
 * Sub-charts (`<chart>/charts/…`) are not read. Bounded: a huge archive is refused.
 */
export async function readChartFiles(archive: Buffer, wanted: readonly string[]): Promise<Map<string, string>> {
  let tarball: Buffer;
  try {
    tarball = gunzipSync(archive, { maxOutputLength: MAX_UNPACKED });
  } catch (error) {
    throw new Error(`the chart archive cannot be unpacked: ${(error as Error).message}`);
  }
  const files = new Map<string, string>();
  const reader = extract();
  Readable.from([tarball]).pipe(reader);
  for await (const entry of reader) {
    const parts = entry.header.name.replace(/^\.\//, '').split('/');
    const name = parts[1];
    const isWanted = entry.header.type === 'file' && parts.length === 2 && name !== undefined && wanted.includes(name) && entry.header.size <= MAX_FILE;
    const chunks: Buffer[] = [];
    for await (const chunk of entry) if (isWanted) chunks.push(chunk as Buffer);
    if (isWanted && !files.has(name)) files.set(name, Buffer.concat(chunks).toString('utf8'));
  }
  return files;
}
