import type { Lang, LaunchRequest } from '../../components/api/types.js';
import { ApiError } from '../http/errors.js';
import type { Route } from '../http/route.js';
import { deleteAllSchema, dryRunSchema, errorSchema, eventStreamDescription, launchRequestSchema, renameSchema, serviceSchema } from '../http/schemas.js';
import { streamEvents } from '../http/sse.js';
import { requestLang } from '../i18n/localized.js';
import type { ServiceManager } from '../services/service-manager.js';
import { callerOf as user, notFound, unauthenticated } from './service-user.js';

export interface ServiceRoutesDeps {
  services: ServiceManager;
  languages: Lang[];
}

const MAX_NAME = 60;

/** Launching, listing, renaming and deleting the caller's services; bff/routes/service-actions.ts has the rest. */
export function serviceRoutes({ services, languages }: ServiceRoutesDeps): Route[] {
  return [
    {
      method: 'post',
      path: '/api/services',
      summary: 'Launch a service; `values` are the differences from the defaults. `dryRun` only validates.',
      access: 'user',
      body: launchRequestSchema,
      responses: {
        200: { description: 'Dry run: the values that would be launched', schema: dryRunSchema },
        201: { description: 'The launched service (starting)', schema: serviceSchema },
        400: { description: 'Invalid values, with one error per field', schema: errorSchema },
        401: unauthenticated,
        403: { description: "quota_exceeded: one more would pass a limit of the caller's quota (the message names it)", schema: errorSchema },
        404: { description: 'No such catalog or service', schema: errorSchema },
        409: { description: 'The service cannot run on this server', schema: errorSchema },
      },
      handler: async (req, res) => {
        const request = req.body as LaunchRequest;
        const result = await services.launch(user(req), request, requestLang(req, languages), { accessToken: req.accessToken });
        res.status(request.dryRun ? 200 : 201).json(result);
      },
    },
    {
      method: 'get',
      path: '/api/services',
      summary: "The caller's services",
      access: 'user',
      responses: { 200: { description: 'The services', schema: { type: 'array', items: serviceSchema } }, 401: unauthenticated },
      handler: async (req, res) => {
        res.json(await services.list(user(req).username));
      },
    },
    {
      method: 'get',
      path: '/api/services/events',
      summary: "Status and progress of all the caller's services, as server-sent events",
      access: 'user',
      responses: { 200: { description: eventStreamDescription, contentType: 'text/event-stream' }, 401: unauthenticated },
      handler: async (req, res) => {
        const owner = user(req).username;
        await streamEvents(req, res, async () => ({ type: 'snapshot', services: await services.list(owner) }), services.events(owner));
      },
    },
    {
      method: 'get',
      path: '/api/services/{id}',
      summary: 'One service of the caller',
      access: 'user',
      responses: { 200: { description: 'The service', schema: serviceSchema }, 401: unauthenticated, 404: notFound },
      handler: async (req, res) => {
        res.json(await services.get(user(req).username, String(req.params.id)));
      },
    },
    {
      method: 'get',
      path: '/api/services/{id}/events',
      summary: 'Status and progress of one service of the caller, as server-sent events',
      access: 'user',
      responses: {
        200: { description: eventStreamDescription, contentType: 'text/event-stream' },
        401: unauthenticated,
        404: notFound,
      },
      handler: async (req, res) => {
        const owner = user(req).username;
        const id = String(req.params.id);
        await streamEvents(req, res, async () => ({ type: 'snapshot', services: [await services.get(owner, id)] }), services.events(owner, id));
      },
    },
    {
      method: 'patch',
      path: '/api/services/{id}',
      summary: 'Rename a service of the caller',
      access: 'user',
      body: renameSchema,
      responses: {
        200: { description: 'The renamed service', schema: serviceSchema },
        400: { description: `The name is empty or longer than ${MAX_NAME} characters`, schema: errorSchema },
        401: unauthenticated,
        404: notFound,
      },
      handler: async (req, res) => {
        const name = (req.body as { name: string }).name.trim();
        if (name.length < 1 || name.length > MAX_NAME) {
          const message = `name must have 1 to ${MAX_NAME} characters (without the spaces around it)`;
          throw new ApiError(400, 'invalid_request', `The request is not valid: ${message}.`, [{ path: 'name', message }]);
        }
        res.json(await services.rename(user(req).username, String(req.params.id), name));
      },
    },
    {
      method: 'delete',
      path: '/api/services',
      summary: "Stop and forget every service of the caller; home folders stay",
      access: 'user',
      responses: { 200: { description: 'How many were deleted', schema: deleteAllSchema }, 401: unauthenticated },
      handler: async (req, res) => {
        res.json({ deleted: await services.deleteAll(user(req).username) });
      },
    },
    {
      method: 'delete',
      path: '/api/services/{id}',
      summary: 'Stop a service and forget it; the home folder stays',
      access: 'user',
      responses: { 204: { description: 'Deleted' }, 401: unauthenticated, 404: notFound },
      handler: async (req, res) => {
        await services.delete(user(req).username, String(req.params.id));
        res.status(204).end();
      },
    },
  ];
}
