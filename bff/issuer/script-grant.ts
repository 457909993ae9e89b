/**
 * The embedded issuer's grant for scripts (`npm run token`): an access token for any
 * user and groups, for a client whose secret is in the data folder. Embedded mode only.
 * Kept apart from issuer.ts so that scripts using it do not load the issuer itself.
 */
export const SCRIPT_TOKEN_GRANT = 'urn:atelier:grant-type:script-token';
export const SCRIPT_CLIENT_ID = 'atelier-scripts';
