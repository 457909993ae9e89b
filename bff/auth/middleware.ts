import type { RequestHandler } from 'express';
import type { User } from '../../components/api/types.js';
import { ApiError } from '../http/errors.js';
import type { TokenVerifier } from './verifier.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** The signed-in user, when the request carried a valid access token. */
    user?: User;
    /** That access token: what S3's STS trades for the user's temporary credentials (bff/s3/). */
    accessToken?: string;
  }
}

/** Reads `Authorization: Bearer …`; `required` refuses a request without one with 401. */
export function authenticate(verify: TokenVerifier, required: boolean): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization;
    if (!header) {
      if (!required) return next();
      res.setHeader('WWW-Authenticate', 'Bearer');
      throw new ApiError(401, 'unauthenticated', 'Sign in to do this.');
    }
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
    if (!match) {
      res.setHeader('WWW-Authenticate', 'Bearer error="invalid_request"');
      throw new ApiError(401, 'invalid_token', 'The Authorization header must be "Bearer <access token>".');
    }
    try {
      req.user = await verify(match[1]!);
      req.accessToken = match[1]!;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw error;
    }
    next();
  };
}
