import type { ConfigurationChange, NewConfiguration, User } from '../../components/api/types.js';
import type { CatalogService } from '../catalogs/catalog-service.js';
import type { SavedConfigurations } from '../catalogs/saved-configurations.js';
import { ApiError } from '../http/errors.js';
import type { Route } from '../http/route.js';
import { configurationChangeSchema, configurationOrderSchema, errorSchema, newConfigurationSchema, savedConfigurationSchema } from '../http/schemas.js';

export interface ConfigurationRoutesDeps {
  configurations: SavedConfigurations;
  catalogs: CatalogService;
}

const list = { type: 'array', items: savedConfigurationSchema };
const unauthenticated = { description: 'Not signed in', schema: errorSchema };
const notFound = { description: 'No such configuration of the caller', schema: errorSchema };
const invalid = { description: 'The request is not valid', schema: errorSchema };

/** Saved launch forms, per user: list, save, rename or change, reorder, delete. */
export function configurationRoutes({ configurations, catalogs }: ConfigurationRoutesDeps): Route[] {
  const owner = (req: { user?: User }): string => {
    if (!req.user) throw new ApiError(401, 'unauthenticated', 'Sign in to do this.');
    return req.user.username;
  };
  return [
    {
      method: 'get',
      path: '/api/configurations',
      summary: "The caller's saved configurations, in their order",
      access: 'user',
      responses: { 200: { description: 'The configurations', schema: list }, 401: unauthenticated },
      handler: async (req, res) => {
        res.json(await configurations.list(owner(req)));
      },
    },
    {
      method: 'post',
      path: '/api/configurations',
      summary: 'Save a launch form under a name; `values` are its differences from the defaults',
      access: 'user',
      body: newConfigurationSchema,
      responses: {
        201: { description: 'The saved configuration (last in the list)', schema: savedConfigurationSchema },
        400: invalid,
        401: unauthenticated,
        404: { description: 'No such catalog, service or version', schema: errorSchema },
        409: { description: 'The caller has too many configurations', schema: errorSchema },
      },
      handler: async (req, res) => {
        const input = req.body as NewConfiguration;
        await catalogs.find(input.catalog, input.service, input.version ?? undefined);
        res.status(201).json(await configurations.save(owner(req), input));
      },
    },
    {
      method: 'post',
      path: '/api/configurations/order',
      summary: 'Reorder: the configurations listed come first, in that order',
      access: 'user',
      body: configurationOrderSchema,
      responses: { 200: { description: 'The configurations, in their new order', schema: list }, 400: invalid, 401: unauthenticated, 404: notFound },
      handler: async (req, res) => {
        res.json(await configurations.reorder(owner(req), (req.body as { ids: string[] }).ids));
      },
    },
    {
      method: 'post',
      path: '/api/configurations/{id}',
      summary: 'Rename a configuration, or change its values, friendly name or version',
      access: 'user',
      body: configurationChangeSchema,
      responses: { 200: { description: 'The configuration', schema: savedConfigurationSchema }, 400: invalid, 401: unauthenticated, 404: notFound },
      handler: async (req, res) => {
        res.json(await configurations.edit(owner(req), String(req.params.id), req.body as ConfigurationChange));
      },
    },
    {
      method: 'delete',
      path: '/api/configurations/{id}',
      summary: 'Delete a configuration',
      access: 'user',
      responses: { 204: { description: 'Deleted' }, 401: unauthenticated, 404: notFound },
      handler: async (req, res) => {
        await configurations.delete(owner(req), String(req.params.id));
        res.status(204).end();
      },
    },
  ];
}
