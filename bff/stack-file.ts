import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What a running stack writes in its data folder, for `npm run token` and for the next start. */
export interface StackFile {
  pid: number;
  bff: string;
  proxy: string;
  issuer: string;
  issuerPort: number | null;
  /** The S3 endpoint, and the embedded S3 server's port (null for an external endpoint). */
  s3?: string;
  s3Port?: number | null;
}

export const stackFileOf = (data: string) => join(data, 'run', 'stack.json');

export async function readStackFile(data: string): Promise<StackFile | null> {
  try {
    return JSON.parse(await readFile(stackFileOf(data), 'utf8')) as StackFile;
  } catch {
    return null;
  }
}
