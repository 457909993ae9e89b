import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { PROXY_COOKIE, proxyCookieValues, serializeProxyCookie, signGrant, verifyGrant, withoutProxyCookie } from '../../proxy/cookie.js';

const key = randomBytes(32);
const grant = { serviceId: 'svc', port: 8000, user: 'alice', expiresAt: Date.now() + 60_000 };

describe('proxy cookie', () => {
  it('verifies what it signed, with or without a port', () => {
    assert.deepEqual(verifyGrant(signGrant(grant, key), key), grant);
    const anyPort = { serviceId: 'svc', user: 'alice', expiresAt: grant.expiresAt };
    assert.deepEqual(verifyGrant(signGrant(anyPort, key), key), anyPort);
  });

  it('refuses another key, a changed payload or signature, expiry and junk', () => {
    const token = signGrant(grant, key);
    const [payload, signature] = token.split('.') as [string, string];
    const asBob = Buffer.from(JSON.stringify({ s: 'svc', p: 8000, u: 'bob', e: grant.expiresAt })).toString('base64url');
    const flipped = signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1);
    assert.equal(verifyGrant(token, randomBytes(32)), null);
    assert.equal(verifyGrant(`${asBob}.${signature}`, key), null);
    assert.equal(verifyGrant(`${payload}.${flipped}`, key), null);
    assert.equal(verifyGrant(`${payload}.${signature}x`, key), null);
    assert.equal(verifyGrant(token, key, grant.expiresAt), null, 'expired at its expiry');
    for (const junk of ['', '.', 'a.b', `${payload}`, `${payload}.${signature}.x`]) assert.equal(verifyGrant(junk, key), null, junk);
    const notJson = Buffer.from('not json').toString('base64url');
    assert.equal(verifyGrant(signGrant(grant, key).replace(payload, notJson), key), null);
  });

  it('finds every value of the cookie, and removes only it', () => {
    const header = `a=1; ${PROXY_COOKIE}=one; b=x=y; ${PROXY_COOKIE}=two`;
    assert.deepEqual(proxyCookieValues(header), ['one', 'two']);
    assert.equal(withoutProxyCookie(header), 'a=1; b=x=y');
    assert.equal(withoutProxyCookie(`${PROXY_COOKIE}=one`), undefined);
    assert.equal(withoutProxyCookie(undefined), undefined);
    assert.deepEqual(proxyCookieValues(`x${PROXY_COOKIE}=no`), []);
  });

  it('is host-only, HttpOnly, SameSite=Lax, Path=/, Secure on https', () => {
    assert.equal(serializeProxyCookie('t', { maxAgeSeconds: 60, secure: false }), `${PROXY_COOKIE}=t; Max-Age=60; Path=/; HttpOnly; SameSite=Lax`);
    assert.match(serializeProxyCookie('t', { maxAgeSeconds: 60, secure: true }), /; Secure$/);
  });
});
