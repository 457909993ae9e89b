import type { Lang } from '../../components/api/types.js';
import type { Route } from '../http/route.js';
import { errorSchema, historySchema, openRequestSchema, openResponseSchema, quotaSchema, readmeSchema, serviceSchema } from '../http/schemas.js';
import { streamIterable } from '../http/sse.js';
import { requestLang } from '../i18n/localized.js';
import type { ServiceManager } from '../services/service-manager.js';
import { callerOf as user, notFound, unauthenticated } from './service-user.js';

export interface ServiceActionRoutesDeps {
  services: ServiceManager;
  languages: Lang[];
  /** Issues a one-time ticket for the service's port and returns the URL that redeems it. */
  openUrl: (serviceId: string, port: number, username: string) => Promise<string>;
}

const notSupportedOrStatus = { description: 'not_supported: the driver cannot; invalid_status: not now', schema: errorSchema };

/** What users do with one of their services besides launching and deleting it, and their quota. */
export function serviceActionRoutes({ services, languages, openUrl }: ServiceActionRoutesDeps): Route[] {
  return [
    {
      method: 'get',
      path: '/api/services/{id}/logs',
      summary: 'The last lines the service printed; with `follow=true`, then every new line, as server-sent `lines` events ({lines: string[]})',
      access: 'user',
      query: { lines: { type: 'integer', minimum: 1, maximum: 5000, default: 200 }, follow: { type: 'boolean', default: false } },
      responses: {
        200: { description: 'Plain text; with follow=true a text/event-stream of `lines` events', contentType: 'text/plain' },
        401: unauthenticated,
        404: notFound,
      },
      handler: async (req, res) => {
        const lines = Math.min(5000, Math.max(1, Number.parseInt(String(req.query.lines ?? '200'), 10) || 200));
        const owner = user(req).username;
        const id = String(req.params.id);
        if (req.query.follow !== 'true') {
          res.type('text/plain').send(await services.logs(owner, id, lines));
          return;
        }
        const abort = new AbortController();
        await streamIterable(res, 'lines', mapBatches(await services.followLogs(owner, id, lines, abort.signal)), abort);
      },
    },
    {
      method: 'get',
      path: '/api/services/{id}/history',
      summary: "What happened to the service, oldest first (at most 200): launch phases, status changes and why, idle stops, suspend and resume",
      access: 'user',
      responses: { 200: { description: 'The events', schema: historySchema }, 401: unauthenticated, 404: notFound },
      handler: async (req, res) => {
        res.json(await services.history(user(req).username, String(req.params.id)));
      },
    },
    {
      method: 'get',
      path: '/api/services/{id}/readme',
      summary: "How to connect to the service (its catalog entry's readme, in the request's language) and its password or token",
      access: 'user',
      responses: { 200: { description: 'The text and the secrets', schema: readmeSchema }, 401: unauthenticated, 404: notFound },
      handler: async (req, res) => {
        res.set('Cache-Control', 'no-store').json(await services.readme(user(req).username, String(req.params.id), requestLang(req, languages)));
      },
    },
    {
      method: 'post',
      path: '/api/services/{id}/suspend',
      summary: 'Suspend a starting or running service (where the driver can): it stops using resources, its home folder stays',
      access: 'user',
      responses: { 200: { description: 'The service, suspended', schema: serviceSchema }, 401: unauthenticated, 404: notFound, 409: notSupportedOrStatus },
      handler: async (req, res) => {
        res.json(await services.suspend(user(req).username, String(req.params.id)));
      },
    },
    {
      method: 'post',
      path: '/api/services/{id}/resume',
      summary: 'Resume a suspended service',
      access: 'user',
      responses: {
        200: { description: 'The service, starting', schema: serviceSchema },
        401: unauthenticated,
        403: { description: "quota_exceeded: it would pass a limit of the caller's quota", schema: errorSchema },
        404: notFound,
        409: notSupportedOrStatus,
      },
      handler: async (req, res) => {
        res.json(await services.resumeService(user(req), String(req.params.id)));
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
      method: 'get',
      path: '/api/quota',
      summary: "The caller's limits (the most generous of the default and their groups'; null: unlimited) and what their starting and running services use",
      access: 'user',
      responses: { 200: { description: 'Limits and usage: cpu in millicores, memory in bytes', schema: quotaSchema }, 401: unauthenticated },
      handler: async (req, res) => {
        res.json(await services.quota(user(req)));
      },
    },
  ];
}

async function* mapBatches(source: AsyncIterable<string[]>): AsyncGenerator<{ lines: string[] }> {
  for await (const lines of source) yield { lines };
}
