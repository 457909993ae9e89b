/**
 * JSON Schemas of the API's bodies: they validate requests and document every route in
 * /api/openapi.json. They describe the same shapes as components/api/types.ts.
 */
const string = { type: 'string' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const values = { type: 'object', additionalProperties: true } as const;
const localizedText = { anyOf: [string, { type: 'object', additionalProperties: string }] } as const;

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
  properties: {
    id: string,
    name: string,
    description: string,
    icon: nullableString,
    category: string,
    version: string,
    unavailable,
    versions: { type: 'array', items: string },
    highlighted: { type: 'boolean' },
    launchable: { type: 'boolean' },
  },
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
  properties: { ...serviceSummary.properties, catalog: string, schema: { type: 'object' }, defaults: values, context: values },
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
    links: { type: 'array', items: { type: 'object', required: ['label', 'url'], properties: { label: localizedText, url: string } } },
    termsOfService: { anyOf: [{ type: 'null' }, { type: 'object', properties: { url: string, text: localizedText } }] },
    publicCatalogs: { type: 'boolean' },
    launch: { type: 'object', required: ['autoLaunch'], properties: { autoLaunch: { type: 'boolean' } } },
    services: { type: 'object', required: ['reminderHours'], properties: { reminderHours: { type: 'number', minimum: 0 } } },
    auth: {
      type: 'object',
      required: ['issuer', 'clientId', 'scope', 'redirectUri', 'resource'],
      properties: { issuer: string, clientId: string, scope: string, redirectUri: string, resource: nullableString },
    },
  },
};

export const serviceSchema = {
  type: 'object',
  required: [
    'id',
    'name',
    'catalog',
    'service',
    'owner',
    'status',
    'reason',
    'urls',
    'createdAt',
    'progress',
    'values',
    'icon',
    'resources',
    'suspendable',
    'reasonCode',
    'startedAt',
    'lastActivityAt',
  ],
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
    icon: nullableString,
    resources: {
      type: 'object',
      required: ['cpu', 'memory', 'gpu'],
      properties: { cpu: { type: ['integer', 'null'], description: 'millicores' }, memory: { type: ['integer', 'null'], description: 'bytes' }, gpu: { type: 'integer' } },
    },
    suspendable: { type: 'boolean' },
    reasonCode: { ...nullableString, description: "idle, user, launch_failed, exited, start_timeout, bff_restart…; else `reason` says why" },
    startedAt: { type: ['string', 'null'], format: 'date-time' },
    lastActivityAt: { type: ['string', 'null'], format: 'date-time' },
    idleMinutes: { type: ['number', 'null'], description: 'With reasonCode idle: the minutes without traffic that stopped or suspended it' },
  },
};

export const renameSchema = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: { type: 'string', maxLength: 200, description: '1 to 60 characters once trimmed' } },
};

export const deleteAllSchema = { type: 'object', required: ['deleted'], properties: { deleted: { type: 'integer', minimum: 0 } } };

export const historySchema = {
  type: 'array',
  maxItems: 200,
  items: {
    type: 'object',
    required: ['at', 'type', 'reason', 'message'],
    properties: { at: { type: 'string', format: 'date-time' }, type: { enum: ['normal', 'warning'] }, reason: string, message: string },
  },
};

export const readmeSchema = {
  type: 'object',
  required: ['text', 'secrets'],
  properties: {
    text: string,
    secrets: { type: 'array', items: { type: 'object', required: ['name', 'value'], properties: { name: string, value: string } } },
  },
};

const quotaAmount = { type: ['number', 'null'] };
export const quotaSchema = {
  type: 'object',
  required: ['limits', 'usage'],
  properties: {
    limits: {
      type: 'object',
      required: ['services', 'cpu', 'memory', 'gpu'],
      description: 'null: unlimited; cpu in millicores, memory in bytes',
      properties: { services: quotaAmount, cpu: quotaAmount, memory: quotaAmount, gpu: quotaAmount },
    },
    usage: {
      type: 'object',
      required: ['services', 'cpu', 'memory', 'gpu'],
      properties: { services: { type: 'number' }, cpu: { type: 'number' }, memory: { type: 'number' }, gpu: { type: 'number' } },
    },
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
    version: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._+-]*$' },
    seed: {
      type: 'object',
      additionalProperties: false,
      properties: {
        oneTimePassword: { type: 'string', pattern: '^[A-Za-z0-9]{8,64}$' },
        randomSubdomain: { type: 'string', pattern: '^[a-z0-9]{1,32}$' },
      },
    },
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

/** Usernames as Atelier reduces them; groups as the identity provider names them (no control characters). */
const sharedUsers = { type: 'array', maxItems: 100, items: { type: 'string', pattern: '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$' } } as const;
const sharedGroups = { type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[^\\u0000-\\u001f\\u007f]+$' } } as const;

export const shareSchema = {
  type: 'object',
  required: ['serviceId', 'users', 'groups'],
  properties: { serviceId: string, users: { type: 'array', items: string }, groups: { type: 'array', items: string } },
};

export const shareRequestSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { users: sharedUsers, groups: sharedGroups },
};

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

const configurationName = { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' } as const;
const configurationValues = { ...values, maxProperties: 200 } as const;

export const savedConfigurationSchema = {
  type: 'object',
  required: ['id', 'name', 'catalog', 'service', 'version', 'friendlyName', 'values', 'createdAt', 'updatedAt'],
  properties: {
    id: string,
    name: string,
    catalog: string,
    service: string,
    version: nullableString,
    friendlyName: string,
    values,
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

export const newConfigurationSchema = {
  type: 'object',
  required: ['name', 'catalog', 'service', 'values'],
  additionalProperties: false,
  properties: {
    name: configurationName,
    catalog: launchRequestSchema.properties.catalog,
    service: launchRequestSchema.properties.service,
    version: { anyOf: [launchRequestSchema.properties.version, { type: 'null' }] },
    friendlyName: { type: 'string', maxLength: 100 },
    values: configurationValues,
  },
};

export const configurationChangeSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    name: configurationName,
    version: newConfigurationSchema.properties.version,
    friendlyName: newConfigurationSchema.properties.friendlyName,
    values: configurationValues,
  },
};

export const configurationOrderSchema = {
  type: 'object',
  required: ['ids'],
  additionalProperties: false,
  properties: { ids: { type: 'array', maxItems: 1000, uniqueItems: true, items: { type: 'string', pattern: '^[a-z0-9]{1,32}$' } } },
};
