/**
 * The JSON Schema of Atelier's configuration file (YAML or JSON). Every key has a
 * default for embedded mode, so an empty file — or no file — is a valid configuration.
 */
export const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, default: 'Atelier' },
    port: { type: 'integer', minimum: 0, maximum: 65535, default: 8080 },
    data: { type: 'string', minLength: 1, default: './.atelier' },
    publicUrl: { type: 'string', format: 'uri', description: 'The URL users reach the BFF at; default http://localhost:<port>' },
    origins: {
      type: 'array',
      items: { type: 'string', pattern: '^https?://[^/]+$' },
      default: [],
      description: 'Origins allowed to embed the elements; embedded mode also allows any http://localhost:* and http://127.0.0.1:*',
    },
    languages: { type: 'array', items: { enum: ['en', 'fr'] }, minItems: 1, default: ['en', 'fr'] },
    defaultTheme: { type: 'string', pattern: '^[a-z0-9-]+$', default: 'light' },
    logo: { type: ['string', 'null'], default: null },
    catalogs: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        public: { type: 'boolean', default: true, description: 'Whether the catalogs can be read without signing in' },
        sources: {
          type: 'array',
          default: [{ id: 'local', path: 'builtin:local' }],
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'path'],
            properties: {
              id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,30}$' },
              path: { type: 'string', minLength: 1, description: 'A folder of service entries, or builtin:<name>' },
            },
          },
        },
      },
    },
    auth: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        issuer: { type: ['string', 'null'], format: 'uri', default: null, description: 'An external OIDC issuer; null starts the embedded one' },
        clientId: { type: 'string', minLength: 1, default: 'atelier' },
        audience: { type: 'string', minLength: 1, default: 'atelier' },
        scope: { type: 'string', default: 'openid profile email groups' },
        usernameClaim: { type: 'string', default: 'preferred_username' },
        groupsClaim: { type: 'string', default: 'groups' },
      },
    },
    proxy: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        port: { type: 'integer', minimum: 0, maximum: 65535, default: 8081 },
        domain: { type: 'string', pattern: '^[a-z0-9.-]+$', default: 'localhost' },
        publicUrl: { type: 'string', format: 'uri', description: 'Scheme and port users reach the proxy at; default http://<domain>:<port>' },
        cookieMaxAgeSeconds: { type: 'integer', minimum: 60, default: 8 * 3600 },
        ticketSeconds: { type: 'integer', minimum: 1, maximum: 300, default: 30 },
        cacheSeconds: { type: 'number', minimum: 0, maximum: 60, default: 2 },
      },
    },
    services: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        startTimeoutSeconds: { type: 'integer', minimum: 1, default: 90 },
        stopTimeoutSeconds: { type: 'integer', minimum: 1, default: 5 },
      },
    },
  },
} as const;
