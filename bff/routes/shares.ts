import type { Request } from 'express';
import type { Service, Share, ShareRequest, User } from '../../components/api/types.js';
import { addToShare, MAX_SHARED_GROUPS, MAX_SHARED_USERS, mayUse, readShare, removeFromShare, sharedGroups, sharesWith, type ShareRecord } from '../../proxy/shares.js';
import { ApiError } from '../http/errors.js';
import type { Route } from '../http/route.js';
import { errorSchema, openRequestSchema, openResponseSchema, serviceSchema, shareRequestSchema, shareSchema } from '../http/schemas.js';
import { SERVICES, type ServiceRecord } from '../services/record.js';
import type { ServiceManager } from '../services/service-manager.js';
import type { Store } from '../store/store.js';

export interface ShareRoutesDeps {
  store: Store;
  services: ServiceManager;
  /** `proxy.sharing`: off, every route answers 409 `sharing_disabled`. */
  enabled: boolean;
  /** Issues a one-time ticket (carrying the groups that let the user in) and returns the URL that redeems it. */
  openUrl: (serviceId: string, port: number, username: string, groups?: string[]) => Promise<string>;
}

const unauthenticated = { description: 'Not signed in', schema: errorSchema };
const notFound = { description: 'No such service of the caller', schema: errorSchema };
const disabled = { description: 'Sharing is turned off on this server', schema: errorSchema };

/**
 * Sharing (the record is proxy/shares.ts): an owner shares a service with groups of
 * theirs or with named users, lists and revokes; those it is shared with list it and open
 * it. The proxy reads the same record on every request (cached for `proxy.cacheSeconds`),
 * so a revocation takes effect within that bound, on every replica.
 */
export function shareRoutes({ store, services, enabled, openUrl }: ShareRoutesDeps): Route[] {
  const user = (req: Request): User => {
    if (!req.user) throw new ApiError(401, 'unauthenticated', 'Sign in to do this.');
    if (!enabled) throw new ApiError(409, 'sharing_disabled', 'Sharing is turned off on this server.');
    return req.user;
  };
  /** The caller's own service (404 for anyone else's: its existence is not theirs to know). */
  const owned = async (req: Request): Promise<{ owner: User; id: string }> => {
    const owner = user(req);
    const id = String(req.params.id);
    await services.get(owner.username, id);
    return { owner, id };
  };

  return [
    {
      method: 'get',
      path: '/api/services/{id}/shares',
      summary: 'Who else may use one of the caller\'s services',
      access: 'user',
      responses: { 200: { description: 'The share (empty lists when shared with nobody)', schema: shareSchema }, 401: unauthenticated, 404: notFound, 409: disabled },
      handler: async (req, res) => {
        const { owner, id } = await owned(req);
        res.json(toShare(id, await readShare(store, id), owner.username));
      },
    },
    {
      method: 'post',
      path: '/api/services/{id}/shares',
      summary: 'Share one of the caller\'s services with more users or groups (of the caller\'s own groups)',
      access: 'user',
      body: shareRequestSchema,
      responses: {
        200: { description: 'The share as it is now', schema: shareSchema },
        400: { description: 'A name that cannot be shared with, one error per name', schema: errorSchema },
        401: unauthenticated,
        404: notFound,
        409: disabled,
      },
      handler: async (req, res) => {
        const { owner, id } = await owned(req);
        const request = req.body as ShareRequest;
        checkShareRequest(request, owner);
        const current = toShare(id, await readShare(store, id), owner.username);
        const users = new Set([...current.users, ...(request.users ?? [])]);
        const groups = new Set([...current.groups, ...(request.groups ?? [])]);
        if (users.size > MAX_SHARED_USERS || groups.size > MAX_SHARED_GROUPS) {
          throw new ApiError(400, 'too_many_shares', `A service can be shared with at most ${MAX_SHARED_USERS} users and ${MAX_SHARED_GROUPS} groups.`);
        }
        res.json(toShare(id, await addToShare(store, id, owner.username, request), owner.username));
      },
    },
    {
      method: 'delete',
      path: '/api/services/{id}/shares/{kind}/{name}',
      summary: 'Stop sharing one of the caller\'s services with a user (kind `users`) or a group (kind `groups`)',
      access: 'user',
      responses: { 204: { description: 'Revoked (or was not shared with them)' }, 401: unauthenticated, 404: notFound, 409: disabled },
      handler: async (req, res) => {
        const { owner, id } = await owned(req);
        const kind = String(req.params.kind);
        if (kind !== 'users' && kind !== 'groups') throw new ApiError(404, 'not_found', 'Shares are revoked under /shares/users/{name} or /shares/groups/{name}.');
        await removeFromShare(store, id, owner.username, kind, String(req.params.name));
        res.status(204).end();
      },
    },
    {
      method: 'get',
      path: '/api/shared',
      summary: 'The services other users share with the caller (directly or through one of their groups)',
      access: 'user',
      responses: { 200: { description: 'The services', schema: { type: 'array', items: serviceSchema } }, 401: unauthenticated, 409: disabled },
      handler: async (req, res) => {
        const caller = user(req);
        const shared: Service[] = [];
        for (const share of await sharesWith(store, caller.username, caller.groups)) {
          const record = (await store.get<ServiceRecord>(SERVICES, share.serviceId))?.value;
          if (record && record.owner === share.owner) shared.push(services.toService(record));
        }
        res.json(shared.sort((a, b) => a.createdAt.localeCompare(b.createdAt)));
      },
    },
    {
      method: 'post',
      path: '/api/shared/{id}/open',
      summary: 'A one-time URL on the proxy that lets the caller into a service shared with them',
      access: 'user',
      body: openRequestSchema,
      responses: {
        200: { description: 'The URL to open, valid once and for a few seconds', schema: openResponseSchema },
        401: unauthenticated,
        404: { description: 'No such service shared with the caller', schema: errorSchema },
        409: { description: 'The service is not running, or sharing is off', schema: errorSchema },
      },
      handler: async (req, res) => {
        const caller = user(req);
        const id = String(req.params.id);
        const record = /^[a-z0-9-]{1,64}$/.test(id) ? (await store.get<ServiceRecord>(SERVICES, id))?.value : undefined;
        const share = record ? await readShare(store, id) : undefined;
        if (!record || record.owner === caller.username || !mayUse(caller.username, caller.groups, record.owner, share)) {
          throw new ApiError(404, 'service_not_found', `No service "${id}" is shared with you.`);
        }
        const wanted = (req.body as { port?: number }).port;
        const port = wanted === undefined ? record.ports[0] : record.ports.find((candidate) => candidate.port === wanted);
        if (!port) throw new ApiError(404, 'port_not_found', wanted === undefined ? 'This service has no port to open.' : `This service has no port ${wanted}.`);
        if (record.status !== 'running' && record.status !== 'starting') {
          throw new ApiError(409, 'not_running', `The service is ${record.status}${record.reason ? `: ${record.reason}` : ''}.`);
        }
        // Named users need no group; others get in through the groups the share names.
        const groups = share!.users.includes(caller.username) ? [] : sharedGroups(caller.groups, share);
        res.json({ url: await openUrl(record.id, port.port, caller.username, groups) });
      },
    },
  ];
}

function toShare(serviceId: string, record: ShareRecord | undefined, owner: string): Share {
  const valid = record && record.owner === owner;
  return { serviceId, users: valid ? record.users : [], groups: valid ? record.groups : [] };
}

/** One error per name the owner cannot share with: themselves, or a group they are not in. */
function checkShareRequest(request: ShareRequest, owner: User): void {
  const errors: { path: string; message: string }[] = [];
  (request.users ?? []).forEach((name, i) => {
    if (name === owner.username) errors.push({ path: `users.${i}`, message: `users.${i}: you own this service; share it with someone else.` });
  });
  (request.groups ?? []).forEach((group, i) => {
    if (!owner.groups.includes(group)) errors.push({ path: `groups.${i}`, message: `groups.${i}: you are not a member of the group "${group}".` });
  });
  if ((request.users ?? []).length + (request.groups ?? []).length === 0) {
    errors.push({ path: 'users', message: 'users: name at least one user or group to share with.' });
  }
  if (errors.length) throw new ApiError(400, 'invalid_request', `The request is not valid: ${errors.map((e) => e.message).join('; ')}.`, errors);
}
