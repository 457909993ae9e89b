// A web-test-runner plugin: the real stack (BFF + embedded S3 server) for the files
// element's browser tests, started on the first `atelier-files-backend` command and
// stopped with the test server. Commands (from the browser, executeServerCommand):
//   atelier-files-backend {users}        → {bffUrl, s3Url, tokens: {user: access token}}
//   atelier-files-pending-uploads {bucket} → the keys of unfinished multipart uploads
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';

const root = fileURLToPath(new URL('../..', import.meta.url));
// The SDK is pinned: its notice about future releases needing Node 22 is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * Starts a backend script of test/helpers (`node --import tsx <script> ...args`) and
 * resolves with the child and the JSON line it prints once ready.
 */
export async function startBackend(script, args = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/helpers', script), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await Promise.race([
    once(createInterface({ input: child.stdout }), 'line'),
    once(child, 'exit').then(([code]) => Promise.reject(new Error(`${script} exited with ${code}`))),
  ]);
  child.stdout.resume();
  return { child, info: JSON.parse(line) };
}

/** Stops a backend started by `startBackend`. */
export async function stopBackend(backend) {
  const { child } = await backend;
  if (child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

/** An access token for `username` from a backend's embedded issuer (the grant `npm run token` uses). */
export async function backendToken(info, username) {
  const { scriptClientSecret } = JSON.parse(await readFile(join(info.data, 'issuer', 'secrets.json'), 'utf8'));
  const response = await fetch(`${info.issuerUrl}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${info.clientId}:${scriptClientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: info.grant, username, groups: '' }),
  });
  return (await response.json()).access_token;
}

export function filesBackendPlugin() {
  let backend;
  const start = () => startBackend('files-backend.ts');
  const token = backendToken;
  return {
    name: 'atelier-files-backend',
    async executeCommand({ command, payload }) {
      if (command !== 'atelier-files-backend' && command !== 'atelier-files-pending-uploads') return undefined;
      backend ??= start();
      const { info } = await backend;
      if (command === 'atelier-files-pending-uploads') {
        const keys = JSON.parse(await readFile(join(info.data, 's3', 'keys.json'), 'utf8'));
        const client = new S3Client({
          endpoint: info.s3Url,
          region: 'us-east-1',
          forcePathStyle: true,
          credentials: { accessKeyId: keys.adminAccessKeyId, secretAccessKey: keys.adminSecretAccessKey },
        });
        try {
          const out = await client.send(new ListMultipartUploadsCommand({ Bucket: payload.bucket }));
          return (out.Uploads ?? []).map((upload) => upload.Key);
        } finally {
          client.destroy();
        }
      }
      const tokens = {};
      for (const user of payload?.users ?? ['alice']) tokens[user] = await token(info, user);
      return { bffUrl: info.bffUrl, s3Url: info.s3Url, tokens };
    },
    async serverStop() {
      if (backend) await stopBackend(backend);
    },
  };
}
