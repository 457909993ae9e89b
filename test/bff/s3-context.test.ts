import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { User } from '../../components/api/types.js';
import { parseConfig } from '../../bff/config/config.js';
import { listen } from '../../bff/http/listen.js';
import { createS3Client } from '../../bff/s3/s3-client.js';
import { startS3, type S3Setup } from '../../bff/s3/setup.js';
import { s3ErrorOf } from '../helpers/s3.js';
import { tempDir } from '../helpers/temp.js';

const alice: User = { username: 'alice', name: 'Alice', email: null, groups: [] };
const deps = { corsOrigins: [], isAllowedOrigin: () => false, log: () => undefined };

describe("the s3.* launch context (Onyxia's names) and what services get", () => {
  let embedded: S3Setup;
  before(async () => {
    embedded = await startS3(parseConfig({ data: await tempDir('atelier-s3ctx-') }), deps);
  });
  after(() => embedded.close());

  test("embedded mode: the user's own key, confined to their bucket", async () => {
    const context = await embedded.s3ContextFor(alice);
    const url = new URL(embedded.url);
    assert.deepEqual(
      { ...context, AWS_SECRET_ACCESS_KEY: context.AWS_SECRET_ACCESS_KEY.length > 20 },
      {
        AWS_ACCESS_KEY_ID: 'user-alice',
        AWS_SECRET_ACCESS_KEY: true,
        AWS_SESSION_TOKEN: '',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_S3_ENDPOINT: url.host,
        AWS_BUCKET_NAME: 'user-alice',
        port: Number(url.port),
        pathStyleAccess: true,
        isAnonymous: false,
        workingDirectoryPath: 'user-alice/',
        url: embedded.url,
      },
    );
    await embedded.files.ensure('alice');
    await embedded.files.ensure('bob');
    const client = createS3Client({ endpoint: context.url, region: context.AWS_DEFAULT_REGION, credentials: { accessKeyId: context.AWS_ACCESS_KEY_ID, secretAccessKey: context.AWS_SECRET_ACCESS_KEY, sessionToken: '' } });
    try {
      assert.equal(await s3ErrorOf(client.send(new ListObjectsV2Command({ Bucket: 'user-alice' }))), '');
      assert.equal(await s3ErrorOf(client.send(new ListObjectsV2Command({ Bucket: 'user-bob' }))), 'AccessDenied');
    } finally {
      client.destroy();
    }
    const env = await embedded.access.environmentFor(alice);
    assert.equal(env.AWS_ENDPOINT_URL_S3, embedded.url);
    assert.equal(env.AWS_REQUEST_CHECKSUM_CALCULATION, 'when_required');
  });

  describe('an external endpoint', () => {
    let sts: Server;
    let stsUrl: string;
    const calls: URLSearchParams[] = [];
    let refuse = false;
    before(async () => {
      // A stand-in for MinIO's STS: the same form in, the same XML out.
      sts = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk) => (body += chunk));
        req.on('end', () => {
          const form = new URLSearchParams(body);
          calls.push(form);
          if (refuse || form.get('Action') !== 'AssumeRoleWithWebIdentity') {
            res.writeHead(400, { 'content-type': 'application/xml' }).end('<ErrorResponse><Error><Code>InvalidIdentityToken</Code><Message>Token is expired</Message></Error></ErrorResponse>');
            return;
          }
          res.writeHead(200, { 'content-type': 'application/xml' }).end(
            `<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>TEMPKEY</AccessKeyId><SecretAccessKey>TEMPSECRET</SecretAccessKey><SessionToken>TEMPTOKEN</SessionToken><Expiration>${new Date(Date.now() + 3600_000).toISOString()}</Expiration></Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>`,
          );
        });
      });
      stsUrl = `http://127.0.0.1:${await listen(sts, 0, '127.0.0.1')}`;
    });
    after(() => new Promise<void>((resolve) => sts.close(() => resolve())));

    const external = async (s3: Record<string, unknown>) => {
      const admin = embedded.embedded!.credentials.admin;
      return startS3(parseConfig({ data: await tempDir('atelier-s3ext-'), s3: { endpoint: embedded.url, accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey, ...s3 } }), deps);
    };

    test('with STS configured: temporary credentials for the user’s access token (not tested against a real STS)', async () => {
      const setup = await external({ sts: { endpoint: stsUrl, roleArn: 'arn:minio:iam:::role/atelier', durationSeconds: 900 } });
      try {
        const context = await setup.s3ContextFor(alice, { webIdentityToken: 'the-oidc-access-token' });
        assert.deepEqual([context.AWS_ACCESS_KEY_ID, context.AWS_SECRET_ACCESS_KEY, context.AWS_SESSION_TOKEN, context.isAnonymous], ['TEMPKEY', 'TEMPSECRET', 'TEMPTOKEN', false]);
        const form = calls.at(-1)!;
        assert.deepEqual(
          Object.fromEntries(form),
          { Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', WebIdentityToken: 'the-oidc-access-token', DurationSeconds: '900', RoleSessionName: 'atelier-alice', RoleArn: 'arn:minio:iam:::role/atelier' },
        );
        await setup.s3ContextFor(alice, { webIdentityToken: 'the-oidc-access-token' });
        assert.equal(calls.length, 1, 'valid credentials are reused until shortly before they expire');
        await assert.rejects(setup.s3ContextFor({ ...alice, username: 'carol' }), /need the user's access token/);
        refuse = true;
        await assert.rejects(setup.s3ContextFor({ ...alice, username: 'dave' }, { webIdentityToken: 'old' }), /InvalidIdentityToken.*Token is expired/);
      } finally {
        refuse = false;
        await setup.close();
      }
    });

    test('without STS: services get the endpoint and bucket, and no credentials (never the BFF’s own)', async () => {
      const setup = await external({});
      try {
        const context = await setup.s3ContextFor(alice);
        assert.deepEqual([context.AWS_ACCESS_KEY_ID, context.AWS_SECRET_ACCESS_KEY, context.isAnonymous, context.AWS_BUCKET_NAME], ['', '', true, 'user-alice']);
      } finally {
        await setup.close();
      }
    });

    test('an external endpoint without the BFF’s key is a clear configuration error', async () => {
      await assert.rejects(startS3(parseConfig({ data: await tempDir('atelier-s3bad-'), s3: { endpoint: 'https://s3.example.org' } }), deps), /s3\.accessKeyId and s3\.secretAccessKey/);
    });
  });
});
