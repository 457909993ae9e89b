/**
 * JSON Schemas of the API's bodies: they validate requests and document every route in
 * /api/openapi.json. They describe the same shapes as components/api/types.ts.
 */
const string = { type: 'string' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const values = { type: 'object', additionalProperties: true } as const;

export const errorSchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: string,
    message: string,
    errors: {
      type: 'array',
      items: { type: 'object', required: ['path', 'message'], properties: { path: string, message: string } },
    },
  },
};

const unavailable = {
  type: ['object', 'null'],
  required: ['reason', 'hint'],
  properties: { reason: string, hint: string },
};

const serviceSummary = {
  type: 'object',
  required: ['id', 'name', 'description', 'icon', 'category', 'version', 'unavailable'],
  properties: { id: string, name: string, description: string, icon: nullableString, category: string, version: string, unavailable },
};

export const catalogsSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['id', 'name', 'description', 'services'],
    properties: { id: string, name: string, description: string, services: { type: 'array', items: serviceSummary } },
  },
};

export const catalogEntrySchema = {
  type: 'object',
  required: [...serviceSummary.required, 'catalog', 'schema', 'defaults'],
  properties: { ...serviceSummary.properties, catalog: string, schema: { type: 'object' }, defaults: values },
};

export const configSchema = {
  type: 'object',
  required: ['name', 'mode', 'languages', 'defaultTheme', 'logo', 'publicCatalogs', 'auth'],
  properties: {
    name: string,
    mode: { enum: ['embedded', 'external'] },
    languages: { type: 'array', items: { enum: ['en', 'fr'] } },
    defaultTheme: string,
    logo: nullableString,
    publicCatalogs: { type: 'boolean' },
    auth: {
      type: 'object',
      required: ['issuer', 'clientId', 'scope', 'redirectUri', 'resource'],
      properties: { issuer: string, clientId: string, scope: string, redirectUri: string, resource: nullableString },
    },
  },
};

export const serviceSchema = {
  type: 'object',
  required: ['id', 'name', 'catalog', 'service', 'owner', 'status', 'reason', 'urls', 'createdAt', 'progress', 'values'],
  properties: {
    id: string,
    name: string,
    catalog: string,
    service: string,
    owner: string,
    status: { enum: ['starting', 'running', 'suspended', 'failed', 'stopped'] },
    reason: nullableString,
    urls: {
      type: 'array',
      items: { type: 'object', required: ['port', 'name', 'url'], properties: { port: { type: 'integer' }, name: string, url: string } },
    },
    createdAt: { type: 'string', format: 'date-time' },
    progress: {
      type: 'object',
      required: ['phase', 'message', 'percent'],
      properties: {
        phase: { enum: ['scheduling', 'starting', 'health-check', 'ready', 'failed'] },
        message: string,
        percent: { type: 'number', minimum: 0, maximum: 100 },
      },
    },
    values,
  },
};

export const launchRequestSchema = {
  type: 'object',
  required: ['catalog', 'service'],
  additionalProperties: false,
  properties: {
    catalog: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
    service: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
    name: { type: 'string', maxLength: 100 },
    values,
    dryRun: { type: 'boolean' },
  },
};

export const dryRunSchema = {
  type: 'object',
  required: ['catalog', 'service', 'name', 'values'],
  properties: { catalog: string, service: string, name: string, values },
};

export const openRequestSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { port: { type: 'integer', minimum: 1, maximum: 65535 } },
};

export const openResponseSchema = { type: 'object', required: ['url'], properties: { url: string } };

export const healthSchema = {
  type: 'object',
  required: ['ready', 'parts'],
  properties: {
    ready: { type: 'boolean' },
    parts: { type: 'object', additionalProperties: { type: 'object', properties: { ready: { type: 'boolean' }, detail: string } } },
  },
};

export const eventStreamDescription =
  'A text/event-stream: `snapshot` (data: Service[]) first, then `service` (data: Service) for every change and `deleted` (data: {id}); `:` comment lines keep it alive.';
