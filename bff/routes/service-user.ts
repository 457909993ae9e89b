import type { User } from '../../components/api/types.js';
import { ApiError } from '../http/errors.js';
import { errorSchema } from '../http/schemas.js';

/** The signed-in caller (the `user` access has checked the token already). */
export function callerOf(req: { user?: User }): User {
  if (!req.user) throw new ApiError(401, 'unauthenticated', 'Sign in to do this.');
  return req.user;
}

export const unauthenticated = { description: 'Not signed in', schema: errorSchema };
export const notFound = { description: 'No such service of the caller', schema: errorSchema };
