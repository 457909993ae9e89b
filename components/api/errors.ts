import type { ApiError } from './types.js';

/** A request that failed: the BFF's JSON error with its HTTP status (0: no response). */
export class ApiRequestError extends Error implements ApiError {
  override readonly name = 'ApiRequestError';
  readonly status: number;
  readonly code: string;
  readonly errors: { path: string; message: string }[];

  constructor(status: number, body: ApiError) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.errors = body.errors ?? [];
  }
}

/** Turns a failed response into an `ApiRequestError`, whatever its body. */
export async function errorFromResponse(response: Response): Promise<ApiRequestError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (isApiError(body)) return new ApiRequestError(response.status, body);
  return new ApiRequestError(response.status, {
    code: response.status === 401 ? 'unauthorized' : 'http-error',
    message: response.statusText || `HTTP ${response.status}`,
  });
}

function isApiError(body: unknown): body is ApiError {
  if (typeof body !== 'object' || body === null) return false;
  const { code, message, errors } = body as Record<string, unknown>;
  return typeof code === 'string' && typeof message === 'string' && (errors === undefined || Array.isArray(errors));
}

/** The error a request that got no response at all becomes. */
export function networkError(cause: unknown): ApiRequestError {
  const error = new ApiRequestError(0, {
    code: 'network',
    message: cause instanceof Error ? cause.message : 'The server could not be reached.',
  });
  return error;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
