import type { Request, RequestHandler, Response } from 'express';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ApiError } from './errors.js';

export type JsonSchema = Record<string, unknown>;

/**
 * One route of the API: how Express serves it and how /api/openapi.json documents it,
 * from the same object, so the two cannot drift apart.
 */
export interface Route {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** OpenAPI form: /api/services/{id} */
  path: string;
  summary: string;
  /** `user`: a valid access token is required; `public`: none is; `catalogs`: public unless configured otherwise. */
  access: 'public' | 'user' | 'catalogs';
  body?: JsonSchema;
  query?: Record<string, JsonSchema>;
  responses: Record<number, { description: string; schema?: JsonSchema; contentType?: string }>;
  handler: (req: Request, res: Response) => unknown;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }));

/** Express's form of an OpenAPI path. */
export function expressPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

/** Validates the JSON body against the route's schema; a bad body is a 400 that lists what is wrong. */
export function validateBody(schema: JsonSchema): RequestHandler {
  const check = ajv.compile(schema);
  return (req, _res, next) => {
    const body: unknown = req.body ?? {};
    if (!check(body)) {
      const errors = (check.errors ?? []).map((error) => {
        const path = [...error.instancePath.split('/').slice(1), error.params.additionalProperty ?? error.params.missingProperty]
          .filter(Boolean)
          .join('.');
        return { path, message: `${path || 'body'} ${error.message ?? 'is not valid'}` };
      });
      throw new ApiError(400, 'invalid_request', `The request is not valid: ${errors.map((e) => e.message).join('; ')}.`, errors);
    }
    req.body = body;
    next();
  };
}
