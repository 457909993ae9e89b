import type { PublicConfig } from '../../components/api/types.js';
import type { Route } from '../http/route.js';
import { configSchema, healthSchema } from '../http/schemas.js';

export interface HealthReport {
  ready: boolean;
  parts: Record<string, { ready: boolean; detail?: string }>;
}

export interface SystemRoutesDeps {
  publicConfig: PublicConfig;
  health: () => Promise<HealthReport>;
  openapi: () => unknown;
}

export function systemRoutes(deps: SystemRoutesDeps): Route[] {
  return [
    {
      method: 'get',
      path: '/api/healthz',
      summary: 'Ready when the BFF, the proxy, the issuer and storage all are',
      access: 'public',
      responses: {
        200: { description: 'Everything is ready', schema: healthSchema },
        503: { description: 'Some part is not ready; `parts` says which', schema: healthSchema },
      },
      handler: async (_req, res) => {
        const report = await deps.health();
        res.status(report.ready ? 200 : 503).json(report);
      },
    },
    {
      method: 'get',
      path: '/api/config',
      summary: 'Public configuration and branding',
      access: 'public',
      responses: { 200: { description: 'The configuration the elements need', schema: configSchema } },
      handler: (_req, res) => {
        res.json(deps.publicConfig);
      },
    },
    {
      method: 'get',
      path: '/api/openapi.json',
      summary: 'This description of the API',
      access: 'public',
      responses: { 200: { description: 'OpenAPI 3.1 document', schema: { type: 'object' } } },
      handler: (_req, res) => {
        res.json(deps.openapi());
      },
    },
  ];
}
