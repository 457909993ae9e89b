import type { CatalogEntry as WireEntry, CatalogServiceSummary, Lang } from '../../components/api/types.js';
import type { Catalog, CatalogEntry } from '../catalogs/catalog.js';
import type { UnmetRequirement } from '../catalogs/requirements.js';
import { catalogEntrySchema, catalogsSchema, errorSchema } from '../http/schemas.js';
import type { Route } from '../http/route.js';
import { pick, requestLang } from '../i18n/localized.js';
import type { ServiceManager } from '../services/service-manager.js';

export interface CatalogRoutesDeps {
  catalogs: Catalog[];
  services: ServiceManager;
  languages: Lang[];
  checkRequirements: (entry: CatalogEntry) => Promise<UnmetRequirement | null>;
}

export function catalogRoutes(deps: CatalogRoutesDeps): Route[] {
  const summary = async (entry: CatalogEntry, lang: Lang): Promise<CatalogServiceSummary> => {
    const unmet = await deps.checkRequirements(entry);
    return {
      id: entry.id,
      name: pick(entry.name, lang),
      description: pick(entry.description, lang),
      icon: entry.icon,
      category: entry.category,
      version: entry.version,
      unavailable: unmet ? { reason: pick(unmet.reason, lang), hint: pick(unmet.hint, lang) } : null,
    };
  };

  return [
    {
      method: 'get',
      path: '/api/catalogs',
      summary: 'The catalogs and their services, in the language of the request',
      access: 'catalogs',
      query: { lang: { enum: ['en', 'fr'] } },
      responses: { 200: { description: 'The catalogs', schema: catalogsSchema } },
      handler: async (req, res) => {
        const lang = requestLang(req, deps.languages);
        res.json(
          await Promise.all(
            deps.catalogs.map(async (catalog) => ({
              id: catalog.id,
              name: pick(catalog.name, lang),
              description: pick(catalog.description, lang),
              services: await Promise.all(catalog.entries.map((entry) => summary(entry, lang))),
            })),
          ),
        );
      },
    },
    {
      method: 'get',
      path: '/api/catalogs/{catalog}/services/{service}',
      summary: 'One service of a catalog, with the schema of its launch values and their defaults',
      access: 'catalogs',
      query: { lang: { enum: ['en', 'fr'] } },
      responses: {
        200: { description: 'The entry', schema: catalogEntrySchema },
        404: { description: 'No such catalog or service', schema: errorSchema },
      },
      handler: async (req, res) => {
        const lang = requestLang(req, deps.languages);
        const entry = deps.services.findEntry(String(req.params.catalog), String(req.params.service));
        const body: WireEntry = { ...(await summary(entry, lang)), catalog: entry.catalog, schema: entry.schema, defaults: entry.defaults };
        res.json(body);
      },
    },
  ];
}
