import { expect } from '@open-wc/testing';
import { decodeJwtClaims, userFromClaims } from '../../components/auth/claims.js';
import { base64UrlEncode, createState, originFromState } from '../../components/auth/state.js';

describe('sign-in helpers', () => {
  it('builds the state as <random base64url>.<base64url(origin)>', () => {
    const state = createState('http://localhost:3000');
    const [random, origin] = state.split('.');
    expect(random).to.match(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes
    expect(origin).to.equal(base64UrlEncode(new TextEncoder().encode('http://localhost:3000')));
    expect(originFromState(state)).to.equal('http://localhost:3000');
    expect(createState('http://a.test')).not.to.equal(createState('http://a.test'));
  });

  it('decodes the origin only from a well-formed state', () => {
    expect(originFromState('abc')).to.equal(null);
    expect(originFromState('abc.')).to.equal(null);
    expect(originFromState('a.b.c')).to.equal(null);
    expect(originFromState('abc.***')).to.equal(null);
    expect(originFromState(createState('https://intranet.example.fr'))).to.equal('https://intranet.example.fr');
  });

  it('reads the user from the access token claims, for display', () => {
    const payload = { sub: 'u1', preferred_username: 'amartin', name: 'Anaïs Martin', email: 'a@example.fr', groups: ['staff', 3] };
    const token = `e30.${base64UrlEncode(new TextEncoder().encode(JSON.stringify(payload)))}.sig`;
    expect(userFromClaims(decodeJwtClaims(token))).to.deep.equal({
      username: 'amartin',
      name: 'Anaïs Martin',
      email: 'a@example.fr',
      groups: ['staff'],
    });
    expect(userFromClaims({ sub: 'u2' })).to.deep.equal({ username: 'u2', name: 'u2', email: null, groups: [] });
    expect(decodeJwtClaims('opaque-token')).to.equal(null);
    expect(userFromClaims(null)).to.equal(null);
  });
});
