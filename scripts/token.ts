// `npm run -s token -- <user> [--groups a,b]`: prints one access token for that user
// from the running embedded issuer (embedded mode only), for scripts and curl. Run it
// with the same ATELIER_* environment as `npm start`, so it finds the same data folder.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, isEmbedded, loadConfig } from '../bff/config/config.js';
import { SCRIPT_CLIENT_ID, SCRIPT_TOKEN_GRANT } from '../bff/issuer/script-grant.js';
import { readStackFile } from '../bff/stack-file.js';

const fail = (message: string): never => {
  console.error(`token: ${message}`);
  process.exit(1);
};

const { values, positionals } = parseArgs({ allowPositionals: true, options: { groups: { type: 'string', default: '' } } });
const [user] = positionals;
if (!user || positionals.length > 1) fail('usage: npm run -s token -- <user> [--groups a,b]');

const config = (() => {
  try {
    return loadConfig();
  } catch (error) {
    return fail(error instanceof ConfigError ? error.message : String(error));
  }
})();
if (!isEmbedded(config)) fail('tokens are printed in embedded mode only; ask your identity provider for one.');

const stack =
  (await readStackFile(config.data)) ??
  fail(`Atelier is not running with its data in ${config.data}: start it with npm start (same ATELIER_* variables).`);
const { scriptClientSecret } = JSON.parse(await readFile(join(config.data, 'issuer', 'secrets.json'), 'utf8')) as { scriptClientSecret: string };

const discovery = await fetch(`${stack.issuer}/.well-known/openid-configuration`)
  .then((response) => response.json() as Promise<{ token_endpoint: string }>)
  .catch(() => fail(`the issuer at ${stack.issuer} does not answer: is Atelier still running?`));
const response = await fetch(discovery.token_endpoint, {
  method: 'POST',
  headers: {
    authorization: `Basic ${Buffer.from(`${SCRIPT_CLIENT_ID}:${scriptClientSecret}`).toString('base64')}`,
    'content-type': 'application/x-www-form-urlencoded',
  },
  body: new URLSearchParams({ grant_type: SCRIPT_TOKEN_GRANT, username: user!, groups: values.groups }),
});
const body = (await response.json()) as { access_token?: string; error_description?: string; error?: string };
if (!response.ok || !body.access_token) fail(`the issuer refused: ${body.error_description ?? body.error ?? response.status}`);
console.log(body.access_token);
