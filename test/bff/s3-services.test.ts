import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { dataIdOf, taggedProcesses } from '../../bff/drivers/local/processes.js';
import { createS3Client } from '../../bff/s3/s3-client.js';
import { call } from '../helpers/http.js';
import { issuerToken } from '../helpers/issuer.js';
import { s3ErrorOf } from '../helpers/s3.js';
import { startInProcessStack } from '../helpers/stack.js';

type Stack = Awaited<ReturnType<typeof startInProcessStack>>;

/** The environment of the service's own process (python3), read from /proc as the kernel holds it. */
async function serviceEnvironment(data: string, serviceId: string): Promise<Record<string, string>> {
  const dataId = await dataIdOf(data);
  for (let attempt = 0; attempt < 50; attempt += 1) {
    for (const process of await taggedProcesses(dataId)) {
      if (process.serviceId !== serviceId) continue;
      const command = (await readFile(`/proc/${process.pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
      if (!command.some((part) => /python3/.test(part))) continue;
      const environ = await readFile(`/proc/${process.pid}/environ`, 'utf8');
      return Object.fromEntries(environ.split('\0').filter(Boolean).map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no python3 process of ${serviceId}`);
}

describe('S3 inside the services a user launches', () => {
  let stack: Stack;
  let alice: string;

  before(async () => {
    stack = await startInProcessStack();
    alice = await issuerToken({ url: stack.issuerUrl }, stack.data, 'alice');
    const bob = await issuerToken({ url: stack.issuerUrl }, stack.data, 'bob');
    await call(stack.bffUrl, 'GET', '/api/files/space', { token: bob }); // bob's bucket exists
  });
  after(async () => {
    await stack.close();
    await stack.endServices();
  });

  test("a launched service gets the user's S3 variables, and they reach the user's space only", async () => {
    const launched = await call(stack.bffUrl, 'POST', '/api/services', { token: alice, body: { catalog: 'local', service: 'file-server' } });
    assert.equal(launched.status, 201, JSON.stringify(launched.body));
    const env = await serviceEnvironment(stack.data, launched.body.id);

    const space = (await call(stack.bffUrl, 'GET', '/api/files/space', { token: alice })).body;
    for (const name of ['AWS_S3_ENDPOINT', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_DEFAULT_REGION', 'AWS_BUCKET_NAME']) {
      assert.ok(name in env, `${name} is set`);
    }
    assert.equal(env.AWS_BUCKET_NAME, space.bucket);
    assert.equal(env.AWS_DEFAULT_REGION, space.region);
    assert.equal(`http://${env.AWS_S3_ENDPOINT}`, space.endpoint, "Onyxia's form: host and port");
    assert.equal(env.AWS_ENDPOINT_URL_S3, space.endpoint);

    const client = createS3Client({
      endpoint: env.AWS_ENDPOINT_URL_S3!,
      region: env.AWS_DEFAULT_REGION!,
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY!, sessionToken: env.AWS_SESSION_TOKEN! },
    });
    try {
      await client.send(new PutObjectCommand({ Bucket: env.AWS_BUCKET_NAME, Key: 'from-my-service.txt', Body: 'written with the service credentials' }));
      const listed = await call(stack.bffUrl, 'GET', '/api/files?path=', { token: alice });
      assert.deepEqual(listed.body.files.map((file: any) => file.name), ['from-my-service.txt'], 'what the service writes, the files element lists');
      const page = await client.send(new ListObjectsV2Command({ Bucket: env.AWS_BUCKET_NAME }));
      assert.deepEqual(page.Contents?.map((object) => object.Key), ['from-my-service.txt']);
      assert.equal(await s3ErrorOf(client.send(new ListObjectsV2Command({ Bucket: 'user-bob' }))), 'AccessDenied');
      assert.equal(await s3ErrorOf(client.send(new GetObjectCommand({ Bucket: 'user-bob', Key: 'anything' }))), 'AccessDenied');
    } finally {
      client.destroy();
    }
  });
});

describe('S3 inside services, with an external S3 that has STS (a stand-in that answers as MinIO does)', () => {
  let storage: Awaited<ReturnType<typeof import('../helpers/s3.js').startTestS3>>;
  let stack: Stack;
  let sts: import('node:http').Server;
  const tokens: string[] = [];

  before(async () => {
    const { startTestS3 } = await import('../helpers/s3.js');
    const { createServer } = await import('node:http');
    storage = await startTestS3();
    sts = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        tokens.push(new URLSearchParams(body).get('WebIdentityToken') ?? '');
        res.writeHead(200, { 'content-type': 'application/xml' }).end(
          '<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>STSKEY</AccessKeyId><SecretAccessKey>STSSECRET</SecretAccessKey><SessionToken>STSTOKEN</SessionToken>' +
            `<Expiration>${new Date(Date.now() + 3600_000).toISOString()}</Expiration></Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>`,
        );
      });
    });
    await new Promise<void>((resolve) => sts.listen(0, '127.0.0.1', resolve));
    const admin = storage.server.credentials.admin;
    stack = await startInProcessStack({
      s3: { endpoint: storage.server.url, accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey, sts: { endpoint: `http://127.0.0.1:${(sts.address() as { port: number }).port}` } },
    });
  });
  after(async () => {
    await stack?.close();
    await stack?.endServices();
    sts?.close();
    await storage?.close();
  });

  test("the service's credentials are the temporary ones STS gave for the user's own access token", async () => {
    const alice = await issuerToken({ url: stack.issuerUrl }, stack.data, 'alice');
    const launched = await call(stack.bffUrl, 'POST', '/api/services', { token: alice, body: { catalog: 'local', service: 'file-server' } });
    assert.equal(launched.status, 201, JSON.stringify(launched.body));
    const env = await serviceEnvironment(stack.data, launched.body.id);
    assert.deepEqual([env.AWS_ACCESS_KEY_ID, env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN], ['STSKEY', 'STSSECRET', 'STSTOKEN']);
    assert.deepEqual(tokens, [alice], 'STS got the access token alice launched with');
    assert.equal(env.AWS_ENDPOINT_URL_S3, storage.server.url);
  });
});
