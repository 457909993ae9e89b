/**
 * The shapes that travel between the BFF and the browser. Types only: the BFF imports
 * them with `import type`, and the JSON Schemas of bff/openapi describe the same shapes
 * for validation and documentation.
 */

import type { ContextSeed, LaunchContext } from '../schema/context.js';

export type { ContextSeed, LaunchContext };

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
  /** Links in the portal header (help, contact…). */
  links?: HeaderLink[];
  /** The terms of service the portal links to or shows. */
  termsOfService?: TermsOfService | null;
  /** Whether the catalogs can be read without signing in. */
  publicCatalogs: boolean;
  /** Whether a launch link's `autoLaunch=true` launches at once (by default the user confirms first). */
  launch?: { autoLaunch: boolean };
  /** The card shows a reminder on a service running longer than `reminderHours`. */
  services?: { reminderHours: number };
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

/** A text in one language for all, or one per language. */
export type LocalizedText = string | Record<string, string>;

export interface HeaderLink {
  label: LocalizedText;
  /** An absolute URL, or a path on the BFF. */
  url: string;
}

/** A page to link to, or a text to show (at least one of them). */
export interface TermsOfService {
  url?: string;
  text?: LocalizedText;
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
  /** Every version the catalog has, newest first (`version` is the latest). */
  versions?: string[];
  /** Shown first in the catalog. */
  highlighted?: boolean;
  /**
   * False when this server cannot launch it although its form works (a Helm chart without
   * the Kubernetes driver): its values can still be checked (`dryRun`), saved and shared.
   */
  launchable?: boolean;
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
  /** The caller's launch context the defaults were resolved against (Onyxia's `x-onyxia` expressions). */
  context?: LaunchContext;
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
  /** The catalog entry's icon. */
  icon: string | null;
  resources: ServiceResources;
  /** Whether the driver can suspend it (`POST /api/services/{id}/suspend`). */
  suspendable: boolean;
  /**
   * Why, machine-readable ('idle', 'user', 'launch_failed', 'exited', 'start_timeout',
   * 'bff_restart', …); the element localizes known codes and falls back to `reason`.
   */
  reasonCode: string | null;
  /** ISO: when it last became running. */
  startedAt: string | null;
  /** ISO: the last traffic through the proxy. */
  lastActivityAt: string | null;
  /** With reasonCode 'idle': the minutes without traffic that stopped or suspended it. */
  idleMinutes?: number | null;
}

export interface ServiceResources {
  /** Millicores; null when not set. */
  cpu: number | null;
  /** Bytes; null when not set. */
  memory: number | null;
  gpu: number;
}

/** `PATCH /api/services/{id}`. */
export interface ServiceRename {
  /** 1 to 60 characters, trimmed. */
  name: string;
}

/** `DELETE /api/services`. */
export interface DeleteAllResult {
  deleted: number;
}

/** What `GET /api/services/{id}/logs?follow=true` streams, one per `lines` event. */
export interface LogLines {
  lines: string[];
}

/** One of `GET /api/services/{id}/history`, oldest first. */
export interface ServiceHistoryEvent {
  /** ISO. */
  at: string;
  type: 'normal' | 'warning';
  reason: string;
  message: string;
}

/** `GET /api/services/{id}/readme`: how to connect, and the service's password or token. */
export interface ServiceReadme {
  text: string;
  secrets: { name: string; value: string }[];
}

/** Limits: null = unlimited. cpu in millicores, memory in bytes. */
export interface QuotaAmounts {
  services: number | null;
  cpu: number | null;
  memory: number | null;
  gpu: number | null;
}

/** `GET /api/quota`. */
export interface Quota {
  limits: QuotaAmounts;
  usage: { services: number; cpu: number; memory: number; gpu: number };
}

export interface LaunchRequest {
  catalog: string;
  service: string;
  name?: string;
  values?: Record<string, unknown>;
  dryRun?: boolean;
  /** A version of the entry other than its latest. */
  version?: string;
  /** The form's random context values (`service.oneTimePassword`, `k8s.randomSubdomain`), so the defaults are the form's. */
  seed?: Partial<ContextSeed>;
}

/** A launch form saved under a name, by the BFF, per user. */
export interface SavedConfiguration {
  id: string;
  name: string;
  catalog: string;
  service: string;
  version: string | null;
  /** The friendly name the service gets ('' for its default). */
  friendlyName: string;
  /** The differences from the defaults, as a launch request carries them. */
  values: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export type NewConfiguration = Pick<SavedConfiguration, 'name' | 'catalog' | 'service' | 'values'> &
  Partial<Pick<SavedConfiguration, 'version' | 'friendlyName'>>;

export type ConfigurationChange = Partial<Pick<SavedConfiguration, 'name' | 'values' | 'friendlyName' | 'version'>>;

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

/** Who else may use one of the caller's services (`GET /api/services/{id}/shares`). */
export interface Share {
  serviceId: string;
  /** Usernames. */
  users: string[];
  /** Groups of the owner's. */
  groups: string[];
}

/** What `POST /api/services/{id}/shares` adds to a share. */
export interface ShareRequest {
  users?: string[];
  groups?: string[];
}
