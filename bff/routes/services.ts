import type { Lang, LaunchRequest, User } from '../../components/api/types.js';
import { ApiError } from '../http/errors.js';
import type { Route } from '../http/route.js';
import {
  dryRunSchema,
  errorSchema,
  eventStreamDescription,
  launchRequestSchema,
  openRequestSchema,
  openResponseSchema,
  serviceSchema,
} from '../http/schemas.js';
import { streamEvents } from '../http/sse.js';
import { requestLang } from '../i18n/localized.js';
import type { ServiceManager } from '../services/service-manager.js';

export interface ServiceRoutesDeps {
  services: ServiceManager;
  languages: Lang[];
  /** Issues a one-time ticket for the service's port and returns the URL that redeems it. */
  openUrl: (serviceId: string, port: number, username: string) => Promise<string>;
}

const unauthenticated = { description: 'Not signed in', schema: errorSchema };
const notFound = { description: 'No such service of the caller', schema: errorSchema };

export function serviceRoutes({ services, languages, openUrl }: ServiceRoutesDeps): Route[] {
  const user = (req: { user?: User }): User => {
    if (!req.user) throw new ApiError(401, 'unauthenticated', 'Sign in to do this.');
    return req.user;
  };
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
      method: 'get',
      path: '/api/services/{id}/logs',
      summary: 'The last lines the service printed',
      access: 'user',
      query: { lines: { type: 'integer', minimum: 1, maximum: 5000, default: 200 } },
      responses: { 200: { description: 'Plain text', contentType: 'text/plain' }, 401: unauthenticated, 404: notFound },
      handler: async (req, res) => {
        const lines = Math.min(5000, Math.max(1, Number.parseInt(String(req.query.lines ?? '200'), 10) || 200));
        res.type('text/plain').send(await services.logs(user(req).username, String(req.params.id), lines));
      },
    },
    {
      method: 'post',
      path: '/api/services/{id}/open',
      summary: "A one-time URL on the proxy that lets the caller's browser into the service",
      access: 'user',
      body: openRequestSchema,
      responses: {
        200: { description: 'The URL to open, valid once and for a few seconds', schema: openResponseSchema },
        401: unauthenticated,
        404: notFound,
        409: { description: 'The service is not running', schema: errorSchema },
      },
      handler: async (req, res) => {
        const owner = user(req).username;
        const { record, port } = await services.openablePort(owner, String(req.params.id), (req.body as { port?: number }).port);
        res.json({ url: await openUrl(record.id, port, owner) });
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
