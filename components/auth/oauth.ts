/**
 * oauth4webapi, as its own module loaded on demand (scripts/build.mjs LAZY): only a
 * sign-in or a token refresh needs it, and most page views do neither.
 */
export * from 'oauth4webapi';
