import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ApiError as ApiErrorBody } from '../../components/api/types.js';

/** An error with a status and a stable code, sent to the client as `{code, message}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: ApiErrorBody['errors'],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toJSON(): ApiErrorBody {
    return { code: this.code, message: this.message, ...(this.errors ? { errors: this.errors } : {}) };
  }
}

export const notFound: RequestHandler = (req) => {
  throw new ApiError(404, 'not_found', `No route ${req.method} ${req.path}.`);
};

/**
 * The one error handler: ApiErrors as they are, body-parser's errors as 400/413,
 * anything else as a 500 whose details go to the log and never to the client.
 */
export function errorHandler(log: (message: string) => void): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const apiError = toApiError(error);
    if (apiError.status >= 500) log(`${req.method} ${req.originalUrl} failed: ${(error as Error)?.stack ?? String(error)}`);
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(apiError.status).json(apiError.toJSON());
  };
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const status = (error as { status?: number; type?: string })?.status;
  const type = (error as { type?: string })?.type;
  if (type === 'entity.parse.failed') return new ApiError(400, 'invalid_json', 'The request body is not valid JSON.');
  if (type === 'entity.too.large') return new ApiError(413, 'body_too_large', 'The request body is too large.');
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new ApiError(status, 'bad_request', 'The request could not be read.');
  }
  return new ApiError(500, 'internal', 'Something went wrong on the server; the error was logged.');
}
