/**
 * The shapes that travel between the BFF and the browser. Types only: the BFF imports
 * them with `import type`, and the JSON Schemas of bff/openapi describe the same shapes
 * for validation and documentation.
 */

export type Lang = 'en' | 'fr';

export interface ApiError {
  code: string;
  message: string;
  errors?: { path: string; message: string }[];
}

export interface PublicConfig {
  name: string;
  mode: 'embedded' | 'external';
  languages: Lang[];
  defaultTheme: string;
  logo: string | null;
  /** Whether the catalogs can be read without signing in. */
  publicCatalogs: boolean;
  auth: {
    issuer: string;
    clientId: string;
    scope: string;
    /** Where the sign-in popup returns: a page of the BFF that hands the result to its opener. */
    redirectUri: string;
    /** The resource indicator to ask access tokens for (RFC 8707), when the issuer needs one. */
    resource: string | null;
  };
}

export interface User {
  username: string;
  name: string;
  email: string | null;
  groups: string[];
}

export interface CatalogSummary {
  id: string;
  name: string;
  description: string;
  services: CatalogServiceSummary[];
}

export interface CatalogServiceSummary {
  id: string;
  name: string;
  description: string;
  icon: string | null;
  category: string;
  version: string;
  /** Null when the service can be launched; else why not and what would fix it. */
  unavailable: Unavailable | null;
}

export interface Unavailable {
  reason: string;
  hint: string;
}

export interface CatalogEntry extends CatalogServiceSummary {
  catalog: string;
  /** The effective JSON Schema of the launch values for the caller. */
  schema: JsonSchema;
  /** The resolved defaults: what is launched when the user changes nothing. */
  defaults: Record<string, unknown>;
}

export type JsonSchema = Record<string, unknown>;

export type ServiceStatus = 'starting' | 'running' | 'suspended' | 'failed' | 'stopped';

export interface ServiceProgress {
  phase: 'scheduling' | 'starting' | 'health-check' | 'ready' | 'failed';
  message: string;
  /** 0 to 100. */
  percent: number;
}

export interface ServiceUrl {
  port: number;
  name: string;
  url: string;
}

export interface Service {
  id: string;
  name: string;
  catalog: string;
  service: string;
  owner: string;
  status: ServiceStatus;
  /** Why the service is failed, stopped or suspended; else null. */
  reason: string | null;
  urls: ServiceUrl[];
  createdAt: string;
  progress: ServiceProgress;
  values: Record<string, unknown>;
}

export interface LaunchRequest {
  catalog: string;
  service: string;
  name?: string;
  values?: Record<string, unknown>;
  dryRun?: boolean;
}

export interface DryRunResult {
  catalog: string;
  service: string;
  name: string;
  values: Record<string, unknown>;
}

/** What the events streams carry, one per server-sent event. */
export type ServiceEvent =
  | { type: 'snapshot'; services: Service[] }
  | { type: 'service'; service: Service }
  | { type: 'deleted'; id: string };
