import type { Lang, LaunchRequest, User } from '../../components/api/types.js';
import type { LaunchContext } from '../../components/schema/context.js';
import { computeDefaults } from '../../components/schema/defaults.js';
import { mergeValues } from '../../components/schema/diff.js';
import type { Schema } from '../../components/schema/types.js';
import { ApiError } from '../http/errors.js';
import type { Catalog, CatalogEntry } from './catalog.js';
import { effectiveSchema, type EffectiveSchema } from './effective-schema.js';
import type { LaunchContextBuilder } from './launch-context.js';
import type { SchemaRegistry } from './schema-registry.js';
import { validateValues } from './values.js';

export interface EntryView {
  /** The effective schema for the caller (registry substitutions, role overrides). */
  schema: Schema;
  /** What is launched when the caller changes nothing. */
  defaults: Record<string, unknown>;
  /** The context the defaults were resolved against. */
  context: LaunchContext;
}

const MAX_CACHED = 500;

/**
 * The catalogs as each caller sees them. The server decides: the effective schema comes
 * from the registry with the caller's roles (the token's groups), the defaults from the
 * caller's context, and a launch's values are the request's differences merged over
 * those defaults, validated against that schema — so neither a `const` nor a role
 * override can be bypassed by posting raw JSON.
 */
export class CatalogService {
  readonly #effective = new Map<string, EffectiveSchema>();

  constructor(
    readonly catalogs: Catalog[],
    private readonly registry: SchemaRegistry,
    private readonly context: LaunchContextBuilder,
  ) {}

  /** An entry (its latest version unless one is named); 404 when there is no such thing. */
  async find(catalogId: string, serviceId: string, version?: string): Promise<CatalogEntry> {
    const catalog = this.catalogs.find((candidate) => candidate.id === catalogId);
    if (!catalog) throw new ApiError(404, 'catalog_not_found', `There is no catalog "${catalogId}".`);
    const entry = catalog.entries.find((candidate) => candidate.id === serviceId);
    if (!entry) throw new ApiError(404, 'service_not_found', `The catalog "${catalogId}" has no service "${serviceId}".`);
    if (!version || version === entry.version) return entry;
    const found = await catalog.version(entry, version);
    if (!found) throw new ApiError(404, 'version_not_found', `"${serviceId}" has no version "${version}" in the catalog "${catalogId}".`);
    return found;
  }

  /** The schema the caller gets: the roles are the token's groups, the first with an override wins. */
  effective(entry: CatalogEntry, user: User | null): Schema {
    const roles = user?.groups ?? [];
    const key = `${entry.catalog}/${entry.id}@${entry.version}|${JSON.stringify(roles)}`;
    let effective = this.#effective.get(key);
    if (!effective) {
      effective = effectiveSchema(entry.schema, this.registry, roles);
      if (this.#effective.size >= MAX_CACHED) this.#effective.delete(this.#effective.keys().next().value!);
      this.#effective.set(key, effective);
    }
    return effective.schema;
  }

  async view(entry: CatalogEntry, user: User | null, lang: Lang, seed?: LaunchRequest['seed']): Promise<EntryView> {
    const schema = this.effective(entry, user);
    const context = await this.context(user, lang, seed);
    return { schema, defaults: computeDefaults(schema, context, entry.valuesYaml), context };
  }

  /** The values to launch: the differences merged over the caller's defaults, validated; 400 with one error per field otherwise. */
  async resolveLaunch(user: User, request: LaunchRequest, lang: Lang): Promise<{ entry: CatalogEntry; values: Record<string, unknown> }> {
    const entry = await this.find(request.catalog, request.service, request.version);
    const { schema, defaults, context } = await this.view(entry, user, lang, request.seed);
    const values = mergeValues(defaults, request.values ?? {}) as Record<string, unknown>;
    const errors = validateValues(schema, values, context, defaults);
    if (errors.length > 0) {
      throw new ApiError(400, 'invalid_values', `The values are not valid: ${errors.map((error) => error.message).join('; ')}.`, errors);
    }
    return { entry, values };
  }
}
