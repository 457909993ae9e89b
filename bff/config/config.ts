import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import type { HeaderLink, Lang, TermsOfService } from '../../components/api/types.js';
import type { CatalogSource } from '../catalogs/catalog.js';
import { PATH_WITH_SHARING } from '../../proxy/routes.js';
import type { QuotaConfig } from '../services/quotas.js';
import { configSchema } from './schema.js';

export interface Config {
  name: string;
  port: number;
  /** Absolute path of the data folder. */
  data: string;
  publicUrl: string;
  origins: string[];
  languages: Lang[];
  defaultTheme: string;
  logo: string | null;
  links: HeaderLink[];
  termsOfService: TermsOfService | null;
  catalogs: { public: boolean; sources: CatalogSource[]; schemas: string | null };
  region: {
    resources: { cpuRequest: string; cpuLimit: string; memoryRequest: string; memoryLimit: string; disk: string; gpu: string };
    nodeSelector: Record<string, string>;
    tolerations: Record<string, unknown>[];
    defaultNetworkPolicy: boolean;
    customValues: Record<string, unknown>;
  };
  launch: {
    autoLaunch: boolean;
    git: { fromIdentity: boolean; credentialsCacheDuration: number };
    vault: { url: string | null; mount: string; topDir: string };
  };
  auth: {
    issuer: string | null;
    clientId: string;
    audience: string;
    scope: string;
    usernameClaim: string;
    groupsClaim: string;
  };
  proxy: {
    port: number;
    domain: string;
    publicUrl: string;
    cookieMaxAgeSeconds: number;
    ticketSeconds: number;
    cacheSeconds: number;
    routing: 'host' | 'path';
    sharing: boolean;
    activitySeconds: number;
  };
  services: {
    startTimeoutSeconds: number;
    stopTimeoutSeconds: number;
    idleTimeoutMinutes: number;
    idleCheckSeconds: number;
    reminderHours: number;
    local: { sandbox: 'auto' | 'required' | 'off'; sandboxUid: number; sandboxGid: number; readOnlyPaths: string[]; logMaxBytes: number };
  };
  quotas: QuotaConfig;
  driver: 'local' | 'kubernetes';
  kubernetes: {
    kubeconfig: string | null;
    context: string | null;
    namespace: string;
    namespacePrefix: string;
    storageClass: string | null;
    homeSize: string;
    podSecurity: 'privileged' | 'baseline' | 'restricted';
    startTimeoutSeconds: number;
    proxy: { namespaceLabels: Record<string, string>; podLabels: Record<string, string> };
  };
  s3: {
    endpoint: string | null;
    publicUrl: string | null;
    port: number;
    region: string;
    accessKeyId: string | null;
    secretAccessKey: string | null;
    ca: string | null;
    space: 'bucket' | 'prefix';
    bucket: string;
    bucketPrefix: string;
    partSizeMiB: number;
    sts: { endpoint: string | null; roleArn: string | null; durationSeconds: number };
  };
}

/** Embedded mode: no external issuer, so Atelier starts its own (and trusts localhost pages). */
export function isEmbedded(config: Config): boolean {
  return config.auth.issuer === null;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Environment variables that override a configuration key. */
const ENVIRONMENT: Record<string, string> = {
  ATELIER_PORT: 'port',
  ATELIER_PROXY_PORT: 'proxy.port',
  ATELIER_DATA: 'data',
  ATELIER_ORIGINS: 'origins',
  ATELIER_PUBLIC_URL: 'publicUrl',
  ATELIER_ISSUER: 'auth.issuer',
  ATELIER_S3_ENDPOINT: 's3.endpoint',
  ATELIER_S3_PORT: 's3.port',
  ATELIER_S3_ACCESS_KEY_ID: 's3.accessKeyId',
  ATELIER_S3_SECRET_ACCESS_KEY: 's3.secretAccessKey',
};

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const validate = addFormats(new Ajv({ useDefaults: true, allErrors: true, strict: true })).compile(configSchema);

/**
 * Reads the configuration once at start: the file named by ATELIER_CONFIG (YAML or
 * JSON; optional), then the ATELIER_* variables, then defaults. Any bad key stops the
 * start with a message that names it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const file = env.ATELIER_CONFIG ? resolve(cwd, env.ATELIER_CONFIG) : undefined;
  const raw = file ? readConfigFile(file) : {};
  return parseConfig(applyEnvironment(raw, env), { source: file ?? 'defaults', cwd });
}

export function parseConfig(raw: unknown, { source = 'configuration', cwd = process.cwd() } = {}): Config {
  const candidate = structuredClone(raw ?? {});
  if (!validate(candidate)) {
    const problems = (validate.errors ?? []).map(describe);
    throw new ConfigError(`Invalid configuration (${source}):\n  - ${[...new Set(problems)].join('\n  - ')}`);
  }
  const config = candidate as unknown as Config;
  config.data = resolve(cwd, config.data);
  config.publicUrl = (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/$/, '');
  config.proxy.publicUrl = (config.proxy.publicUrl ?? `http://${config.proxy.domain}:${config.proxy.port}`).replace(/\/$/, '');
  if (config.proxy.routing === 'path' && config.proxy.sharing) {
    throw new ConfigError(`Invalid configuration (${source}):\n  - "proxy.routing" path needs "proxy.sharing" false. ${PATH_WITH_SHARING}`);
  }
  return config;
}

function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read the configuration file ${file}: ${(error as Error).message}`);
  }
  try {
    return parseYaml(text) ?? {};
  } catch (error) {
    throw new ConfigError(`The configuration file ${file} is not valid YAML or JSON: ${(error as Error).message}`);
  }
}

function applyEnvironment(raw: unknown, env: NodeJS.ProcessEnv): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError('The configuration file must hold an object of settings');
  }
  const result = structuredClone(raw) as Record<string, unknown>;
  for (const [variable, key] of Object.entries(ENVIRONMENT)) {
    const text = env[variable];
    if (text === undefined || text === '') continue;
    const value =
      key === 'origins' ? text.split(',').map((origin) => origin.trim()).filter(Boolean)
      : /^\d+$/.test(text) && key.endsWith('port') ? Number(text)
      : text;
    setPath(result, key.split('.'), value);
  }
  return result;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const child = target[head];
  const next = child && typeof child === 'object' && !Array.isArray(child) ? (child as Record<string, unknown>) : {};
  target[head] = next;
  setPath(next, rest, value);
}

function describe(error: ErrorObject): string {
  const key = error.instancePath.slice(1).replaceAll('/', '.');
  const variable = Object.keys(ENVIRONMENT).find((name) => ENVIRONMENT[name] === key);
  const where = `"${key || '(top level)'}"${variable ? ` (or ${variable})` : ''}`;
  if (error.keyword === 'additionalProperties') {
    const unknown = [key, error.params.additionalProperty].filter(Boolean).join('.');
    return `"${unknown}" is not a known setting`;
  }
  return `${where} ${error.message}`;
}
