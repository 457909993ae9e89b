import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import express from 'express';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { errors, type Configuration, type KoaContextWithOIDC, type ResourceServer } from 'oidc-provider';
import type { Lang } from '../../components/api/types.js';
import { readOrCreateSecretJson } from '../files/secret-files.js';
import { escapeHtml } from '../http/html.js';
import { listenPreferring } from '../http/listen.js';
import { checkPassword, loadDemoAccounts, type DemoAccount } from './accounts.js';
import { renderLoginPage } from './login-page.js';
import { SCRIPT_CLIENT_ID, SCRIPT_TOKEN_GRANT } from './script-grant.js';
import { storeAdapter } from './store-adapter.js';
import type { Store } from '../store/store.js';

/** The resource indicator the embedded issuer mints JWT access tokens for. */
export const API_RESOURCE = 'urn:atelier:api';
const API_SCOPE = 'atelier';

export interface EmbeddedIssuerOptions {
  data: string;
  /** Where sessions, grants and refresh tokens are kept, so that they survive a restart. */
  store: Store;
  appName: string;
  languages: Lang[];
  clientId: string;
  audience: string;
  redirectUris: string[];
  isAllowedOrigin: (origin: string) => boolean;
  /** The port used last time for this data folder, if any: tokens stay valid across restarts. */
  preferredPort?: number;
  host?: string;
}

export interface EmbeddedIssuer {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface IssuerSecrets {
  jwks: { keys: JWK[] };
  cookieKeys: string[];
  scriptClientSecret: string;
}

/**
 * The embedded OIDC issuer (oidc-provider) that embedded mode signs users in with: the
 * demo accounts, authorization code + PKCE for the elements, JWT access tokens for the
 * BFF, and a script grant behind a secret kept in the data folder for `npm run token`.
 */
export async function startEmbeddedIssuer(options: EmbeddedIssuerOptions): Promise<EmbeddedIssuer> {
  const secrets = await readOrCreateSecretJson<IssuerSecrets>(join(options.data, 'issuer', 'secrets.json'), createSecrets);
  const accounts = await loadDemoAccounts(options.data);

  let app: express.Express | undefined;
  const server: Server = createServer((req, res) => app!(req, res));
  const port = await listenPreferring(server, options.preferredPort, options.host ?? '127.0.0.1');
  const url = `http://localhost:${port}`;
  const provider = new Provider(url, providerConfiguration(options, secrets, accounts));
  provider.registerGrantType(SCRIPT_TOKEN_GRANT, scriptTokenGrant(provider, options.audience), ['username', 'groups']);
  app = interactionApp(provider, options, accounts);

  return {
    url,
    port,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

async function createSecrets(): Promise<IssuerSecrets> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: randomBytes(8).toString('hex') };
  return {
    jwks: { keys: [jwk] },
    cookieKeys: [randomBytes(32).toString('base64url')],
    scriptClientSecret: randomBytes(32).toString('base64url'),
  };
}

function providerConfiguration(options: EmbeddedIssuerOptions, secrets: IssuerSecrets, accounts: DemoAccount[]): Configuration {
  const claimsOf = (accountId: string, ctx?: KoaContextWithOIDC) => {
    const account = accounts.find((candidate) => candidate.username === accountId);
    const scriptGroups = ctx?.oidc?.params?.groups;
    return {
      sub: accountId,
      preferred_username: accountId,
      name: account?.name ?? accountId,
      email: account?.email,
      groups: typeof scriptGroups === 'string' ? scriptGroups.split(',').filter(Boolean) : (account?.groups ?? []),
    };
  };
  return {
    clients: [
      {
        client_id: options.clientId,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: options.redirectUris,
      },
      {
        client_id: SCRIPT_CLIENT_ID,
        client_secret: secrets.scriptClientSecret,
        grant_types: [SCRIPT_TOKEN_GRANT],
        response_types: [],
        redirect_uris: [],
      },
    ],
    adapter: storeAdapter(options.store),
    jwks: secrets.jwks as Configuration['jwks'],
    cookies: { keys: secrets.cookieKeys },
    scopes: ['openid', 'offline_access', 'profile', 'email', 'groups', API_SCOPE],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'], groups: ['groups'] },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== API_RESOURCE) throw new errors.InvalidTarget();
          return resourceServerInfo(options.audience);
        },
      },
    },
    findAccount: (ctx, accountId) => ({ accountId, claims: () => claimsOf(accountId, ctx) }),
    // The BFF needs to know who the user is from the access token alone.
    extraTokenClaims: (ctx, token) => {
      if (!('accountId' in token) || !token.accountId) return undefined;
      const { sub: _sub, ...claims } = claimsOf(token.accountId, ctx);
      return claims;
    },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    clientBasedCORS: (_ctx, origin) => options.isAllowedOrigin(origin),
    ttl: {
      AccessToken: 15 * 60,
      AuthorizationCode: 60,
      IdToken: 15 * 60,
      Interaction: 30 * 60,
      Grant: 12 * 3600,
      Session: 12 * 3600,
      RefreshToken: 12 * 3600,
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Sign-in error</title><main><h1>Sign-in error</h1><p>${escapeHtml(String(out.error_description ?? out.error))}</p></main></html>`;
    },
  };
}

function resourceServerInfo(audience: string): ResourceServer {
  return { scope: API_SCOPE, audience, accessTokenFormat: 'jwt', accessTokenTTL: 15 * 60, jwt: { sign: { alg: 'RS256' } } };
}

function scriptTokenGrant(provider: Provider, audience: string) {
  return async (ctx: KoaContextWithOIDC) => {
    const { client, params } = ctx.oidc;
    if (!client) throw new errors.InvalidClient('client authentication is required');
    const username = typeof params?.username === 'string' ? params.username : '';
    if (!/^[A-Za-z0-9._@-]{1,64}$/.test(username)) throw new errors.InvalidRequest('username is missing or not valid');
    const grant = new provider.Grant({ accountId: username, clientId: client.clientId });
    grant.addResourceScope(API_RESOURCE, API_SCOPE);
    const grantId = await grant.save();
    const token = new provider.AccessToken({ accountId: username, client, grantId, gty: SCRIPT_TOKEN_GRANT, scope: API_SCOPE });
    token.resourceServer = new provider.ResourceServer(API_RESOURCE, resourceServerInfo(audience));
    ctx.body = { access_token: await token.save(), expires_in: token.expiration, token_type: 'Bearer', scope: API_SCOPE };
  };
}

function interactionApp(provider: Provider, options: EmbeddedIssuerOptions, accounts: DemoAccount[]): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const form = express.urlencoded({ extended: false, limit: '10kb' });
  const langOf = (req: express.Request, uiLocales: unknown): Lang => {
    const wanted = `${typeof uiLocales === 'string' ? uiLocales : ''} ${req.headers['accept-language'] ?? ''}`;
    const found = options.languages.find((lang) => new RegExp(`(^|[\\s,])${lang}\\b`).test(wanted));
    return found ?? options.languages[0] ?? 'en';
  };
  const page = (req: express.Request, uid: string, uiLocales: unknown, extra: { username?: string; failed?: boolean } = {}) =>
    renderLoginPage({
      lang: langOf(req, uiLocales),
      appName: options.appName,
      action: `/interaction/${uid}/login`,
      cancelAction: `/interaction/${uid}/cancel`,
      demoAccounts: accounts,
      ...extra,
    });

  app.get('/interaction/:uid', async (req, res) => {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      res.type('html').send(page(req, details.uid, details.params.ui_locales));
      return;
    }
    // Consent: the elements are Atelier's own client, so what they ask for is granted.
    const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = details.prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id as string });
    if (!grant) throw new Error('the grant of this sign-in has expired');
    if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
    if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
    await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  });

  app.post('/interaction/:uid/login', form, async (req, res) => {
    const details = await provider.interactionDetails(req, res);
    const username = String(req.body?.username ?? '');
    const account = checkPassword(accounts, username, String(req.body?.password ?? ''));
    if (!account) {
      res.status(401).type('html').send(page(req, details.uid, details.params.ui_locales, { username, failed: true }));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: account.username } }, { mergeWithLastSubmission: false });
  });

  app.post('/interaction/:uid/cancel', form, async (req, res) => {
    await provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'The user cancelled the sign-in.' },
      { mergeWithLastSubmission: false },
    );
  });

  app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(400).type('html').send(
      `<!doctype html><html lang="en"><meta charset="utf-8"><title>Sign-in error</title><main><h1>Sign-in error</h1><p>This sign-in has expired or is not valid: close this window and try again.</p></main></html>`,
    );
    void error;
  });
  app.use(provider.callback());
  return app;
}
