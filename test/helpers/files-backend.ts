/**
 * The real stack for the files element's browser tests (test/components/files*.test.ts):
 * started by test/helpers/files-backend-plugin.mjs in its own process, it prints one JSON
 * line (where it is, how to mint tokens) and stops on SIGTERM. Parts are 5 MiB, so that a
 * few MiB make a multipart upload.
 */
import { SCRIPT_CLIENT_ID, SCRIPT_TOKEN_GRANT } from '../../bff/issuer/script-grant.js';
import { startInProcessStack } from './stack.js';

const stack = await startInProcessStack({ s3: { partSizeMiB: 5 } });
const stackFile = JSON.parse(await (await import('node:fs/promises')).readFile(`${stack.data}/run/stack.json`, 'utf8')) as { s3: string };
console.log(JSON.stringify({ bffUrl: stack.bffUrl, issuerUrl: stack.issuerUrl, s3Url: stackFile.s3, data: stack.data, clientId: SCRIPT_CLIENT_ID, grant: SCRIPT_TOKEN_GRANT }));
process.once('SIGTERM', () => {
  void stack.close().finally(() => process.exit(0));
});
