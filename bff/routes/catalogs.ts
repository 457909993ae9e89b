import type { CatalogEntry as WireEntry, CatalogServiceSummary, Lang, LaunchRequest } from '../../components/api/types.js';
import type { CatalogEntry } from '../catalogs/catalog.js';
import type { CatalogService } from '../catalogs/catalog-service.js';
import type { UnmetRequirement } from '../catalogs/requirements.js';
import { catalogEntrySchema, catalogsSchema, errorSchema } from '../http/schemas.js';
import type { Route } from '../http/route.js';
import { pick, requestLang } from '../i18n/localized.js';

export interface CatalogRoutesDeps {
  catalogs: CatalogService;
  languages: Lang[];
  checkRequirements: (entry: CatalogEntry) => Promise<UnmetRequirement | null>;
}

const seedOf = (query: Record<string, unknown>): LaunchRequest['seed'] => {
  const seed: NonNullable<LaunchRequest['seed']> = {};
  if (typeof query.oneTimePassword === 'string' && /^[A-Za-z0-9]{8,64}$/.test(query.oneTimePassword)) seed.oneTimePassword = query.oneTimePassword;
  if (typeof query.randomSubdomain === 'string' && /^[a-z0-9]{1,32}$/.test(query.randomSubdomain)) seed.randomSubdomain = query.randomSubdomain;
  return seed;
};

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
      versions: entry.versions,
      highlighted: entry.highlighted,
      launchable: entry.local !== null,
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
            deps.catalogs.catalogs.map(async (catalog) => ({
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
      summary:
        'One service of a catalog (its latest version unless `version` names another), with the effective schema of its launch values for the caller (registry substitutions and role overrides applied), the defaults resolved for the caller, and the launch context they were resolved against. `oneTimePassword` and `randomSubdomain` keep a form’s random values.',
      access: 'catalogs',
      query: {
        lang: { enum: ['en', 'fr'] },
        version: { type: 'string', maxLength: 64 },
        oneTimePassword: { type: 'string', pattern: '^[A-Za-z0-9]{8,64}$' },
        randomSubdomain: { type: 'string', pattern: '^[a-z0-9]{1,32}$' },
      },
      responses: {
        200: { description: 'The entry', schema: catalogEntrySchema },
        404: { description: 'No such catalog, service or version', schema: errorSchema },
      },
      handler: async (req, res) => {
        const lang = requestLang(req, deps.languages);
        const version = typeof req.query.version === 'string' && req.query.version ? req.query.version : undefined;
        const entry = await deps.catalogs.find(String(req.params.catalog), String(req.params.service), version);
        const view = await deps.catalogs.view(entry, req.user ?? null, lang, seedOf(req.query as Record<string, unknown>));
        const body: WireEntry = { ...(await summary(entry, lang)), catalog: entry.catalog, ...view };
        res.setHeader('Cache-Control', 'private, no-store');
        res.json(body);
      },
    },
  ];
}
