/**
 * JSON Schemas of the files API (`/api/files…`): they validate requests and document the
 * routes in /api/openapi.json. They describe the shapes of components/api/file-types.ts.
 * Paths are checked again, more strictly, by bff/s3/object-keys.ts.
 */
const string = { type: 'string' } as const;
const path = { type: 'string', maxLength: 1024 } as const;
const uploadId = { type: 'string', pattern: '^[A-Za-z0-9._~+/=-]{1,1024}$' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;

export const fileEntrySchema = {
  type: 'object',
  required: ['name', 'path', 'size', 'lastModified'],
  properties: { name: string, path: string, size: { type: 'integer', minimum: 0 }, lastModified: dateTime },
};

export const fileListingSchema = {
  type: 'object',
  required: ['path', 'folders', 'files', 'cursor'],
  properties: {
    path: string,
    folders: { type: 'array', items: { type: 'object', required: ['name', 'path'], properties: { name: string, path: string } } },
    files: { type: 'array', items: fileEntrySchema },
    cursor: { type: ['string', 'null'] },
  },
};

export const fileSpaceSchema = {
  type: 'object',
  required: ['bucket', 'prefix', 'uri', 'endpoint', 'region'],
  properties: { bucket: string, prefix: string, uri: string, endpoint: string, region: string },
};

export const uploadRequestSchema = {
  type: 'object',
  required: ['path', 'size'],
  additionalProperties: false,
  properties: {
    path,
    size: { type: 'integer', minimum: 0, maximum: 5 * 1024 ** 4 },
    contentType: { type: 'string', maxLength: 200, pattern: "^([A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+)?$" },
    overwrite: { type: 'boolean' },
  },
};

export const uploadPlanSchema = {
  oneOf: [
    {
      type: 'object',
      required: ['kind', 'url', 'headers', 'expiresAt'],
      properties: { kind: { const: 'single' }, url: string, headers: { type: 'object', additionalProperties: string }, expiresAt: dateTime },
    },
    {
      type: 'object',
      required: ['kind', 'uploadId', 'partSize', 'partCount'],
      properties: { kind: { const: 'multipart' }, uploadId: string, partSize: { type: 'integer' }, partCount: { type: 'integer' } },
    },
  ],
};

export const partsRequestSchema = {
  type: 'object',
  required: ['path', 'uploadId', 'partNumbers'],
  additionalProperties: false,
  properties: {
    path,
    uploadId,
    partNumbers: { type: 'array', minItems: 1, maxItems: 100, uniqueItems: true, items: { type: 'integer', minimum: 1, maximum: 10_000 } },
  },
};

export const signedPartsSchema = {
  type: 'object',
  required: ['urls', 'expiresAt'],
  properties: { urls: { type: 'object', additionalProperties: string }, expiresAt: dateTime },
};

export const completeRequestSchema = {
  type: 'object',
  required: ['path', 'uploadId', 'parts'],
  additionalProperties: false,
  properties: {
    path,
    uploadId,
    parts: {
      type: 'array',
      minItems: 1,
      maxItems: 10_000,
      items: {
        type: 'object',
        required: ['partNumber', 'etag'],
        additionalProperties: false,
        properties: { partNumber: { type: 'integer', minimum: 1, maximum: 10_000 }, etag: { type: 'string', minLength: 1, maxLength: 200 } },
      },
    },
  },
};

export const abortRequestSchema = {
  type: 'object',
  required: ['path', 'uploadId'],
  additionalProperties: false,
  properties: { path, uploadId },
};

export const pathRequestSchema = {
  type: 'object',
  required: ['path'],
  additionalProperties: false,
  properties: { path },
};

export const deleteRequestSchema = {
  type: 'object',
  required: ['paths'],
  additionalProperties: false,
  properties: { paths: { type: 'array', minItems: 1, maxItems: 1000, items: path } },
};

export const deleteResultSchema = { type: 'object', required: ['deleted'], properties: { deleted: { type: 'integer' } } };

export const moveRequestSchema = {
  type: 'object',
  required: ['from', 'to'],
  additionalProperties: false,
  properties: { from: path, to: path, overwrite: { type: 'boolean' } },
};

export const shareRequestSchema = {
  type: 'object',
  required: ['path', 'expiresIn'],
  additionalProperties: false,
  properties: { path, expiresIn: { enum: [3600, 86400, 604800], description: '1 hour, 1 day or 1 week, in seconds' } },
};

export const signedLinkSchema = { type: 'object', required: ['url', 'expiresAt'], properties: { url: string, expiresAt: dateTime } };

export const previewSchema = {
  type: 'object',
  required: ['kind', 'size', 'contentType'],
  properties: {
    kind: { enum: ['text', 'csv', 'image', 'other'] },
    size: { type: 'integer' },
    contentType: string,
    text: { type: 'string', description: 'text and csv: the first 64 KiB' },
    truncated: { type: 'boolean' },
    url: { type: 'string', description: 'image: a short-lived link to the image' },
  },
};
