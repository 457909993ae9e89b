/**
 * What the fake Kubernetes API server knows about the resources Atelier uses: their
 * paths, kinds and client-node model names, the name rules the real API server
 * enforces, label and field selectors, and the Status objects it answers errors with.
 * Pure: no I/O.
 */

export interface ResourceType {
  group: string;
  version: string;
  /** The plural in URLs, e.g. `deployments`. */
  resource: string;
  kind: string;
  /** The client-node model (ObjectSerializer type name). */
  model: string;
  namespaced: boolean;
  /** DELETE answers the object (true) or a Status (false), as the real registry does for this resource. */
  deleteReturnsObject: boolean;
  /** The rule for metadata.name. */
  names: 'dns1123-subdomain' | 'dns1123-label' | 'dns1035-label';
  /** The fields a fieldSelector may name besides metadata.name and metadata.namespace. */
  fields: string[];
  /** Whether `status` is a subresource (a PUT on the object keeps the stored status). */
  hasStatus: boolean;
}

export const RESOURCES: ResourceType[] = [
  { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', model: 'V1Namespace', namespaced: false, deleteReturnsObject: true, names: 'dns1123-label', fields: ['status.phase'], hasStatus: true },
  { group: '', version: 'v1', resource: 'pods', kind: 'Pod', model: 'V1Pod', namespaced: true, deleteReturnsObject: true, names: 'dns1123-subdomain', fields: ['spec.nodeName', 'status.phase'], hasStatus: true },
  {
    group: '',
    version: 'v1',
    resource: 'events',
    kind: 'Event',
    model: 'CoreV1Event',
    namespaced: true,
    deleteReturnsObject: false,
    names: 'dns1123-subdomain',
    fields: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'reason', 'type'],
    hasStatus: false,
  },
  { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', model: 'V1Secret', namespaced: true, deleteReturnsObject: false, names: 'dns1123-subdomain', fields: ['type'], hasStatus: false },
  { group: '', version: 'v1', resource: 'services', kind: 'Service', model: 'V1Service', namespaced: true, deleteReturnsObject: true, names: 'dns1035-label', fields: [], hasStatus: true },
  {
    group: '',
    version: 'v1',
    resource: 'persistentvolumeclaims',
    kind: 'PersistentVolumeClaim',
    model: 'V1PersistentVolumeClaim',
    namespaced: true,
    deleteReturnsObject: true,
    names: 'dns1123-subdomain',
    fields: [],
    hasStatus: true,
  },
  { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', model: 'V1Deployment', namespaced: true, deleteReturnsObject: false, names: 'dns1123-subdomain', fields: [], hasStatus: true },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    resource: 'networkpolicies',
    kind: 'NetworkPolicy',
    model: 'V1NetworkPolicy',
    namespaced: true,
    deleteReturnsObject: false,
    names: 'dns1123-subdomain',
    fields: [],
    hasStatus: false,
  },
];

export function resourceType(group: string, version: string, resource: string): ResourceType | undefined {
  return RESOURCES.find((type) => type.group === group && type.version === version && type.resource === resource);
}

export function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** `deployments.apps`, or `pods` for the core group: how the API server names a resource in messages. */
export function qualifiedResource(type: ResourceType): string {
  return type.group ? `${type.resource}.${type.group}` : type.resource;
}

export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
  };
  [field: string]: unknown;
};

// ---- Names and labels, with the API server's own messages ----

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** The problems of a name, worded as the API server words them; empty when valid. */
export function nameProblems(rule: ResourceType['names'], name: string): string[] {
  switch (rule) {
    case 'dns1123-label':
      return name.length <= 63 && DNS1123_LABEL.test(name)
        ? []
        : [`a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`];
    case 'dns1035-label':
      return name.length <= 63 && DNS1035_LABEL.test(name)
        ? []
        : [`a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`];
    case 'dns1123-subdomain':
      return name.length <= 253 && DNS1123_SUBDOMAIN.test(name)
        ? []
        : [`a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`];
  }
}

/** The problems of a label set, as `field: message` pairs. */
export function labelProblems(labels: Record<string, string> | undefined, field: string): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    const slash = key.lastIndexOf('/');
    const prefix = slash >= 0 ? key.slice(0, slash) : '';
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    if ((prefix && !(prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix))) || name.length > 63 || !LABEL_NAME.test(name)) {
      problems.push({ field, message: `Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character` });
    }
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
      problems.push({ field, message: `Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, and at most 63 characters` });
    }
  }
  return problems;
}

// ---- Selectors ----

type Requirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!exists' };

/** Parses a label selector (`a=b,c!=d,e,!f,g in (x,y),h notin (z)`); throws a readable message when it cannot. */
export function parseLabelSelector(text: string): Requirement[] {
  const requirements: Requirement[] = [];
  const parts = text.match(/[^,(]+(\([^)]*\))?/g) ?? [];
  for (const raw of parts.map((part) => part.trim()).filter(Boolean)) {
    let match: RegExpExecArray | null;
    if ((match = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(raw))) {
      requirements.push({ key: match[1]!, op: match[2] as 'in' | 'notin', values: match[3]!.split(',').map((value) => value.trim()) });
    } else if ((match = /^([^\s!=]+)\s*(==|=|!=)\s*([^\s]*)$/.exec(raw))) {
      requirements.push({ key: match[1]!, op: match[2] === '!=' ? 'notin' : 'in', values: [match[3]!] });
    } else if ((match = /^!\s*([^\s!=]+)$/.exec(raw))) {
      requirements.push({ key: match[1]!, op: '!exists' });
    } else if ((match = /^([^\s!=()]+)$/.exec(raw))) {
      requirements.push({ key: match[1]!, op: 'exists' });
    } else {
      throw new Error(`unable to parse requirement: ${raw}`);
    }
  }
  return requirements;
}

export function matchesLabels(requirements: Requirement[], labels: Record<string, string> = {}): boolean {
  return requirements.every((requirement) => {
    const has = Object.hasOwn(labels, requirement.key);
    switch (requirement.op) {
      case 'exists':
        return has;
      case '!exists':
        return !has;
      case 'in':
        return has && requirement.values.includes(labels[requirement.key]!);
      case 'notin':
        return !has || !requirement.values.includes(labels[requirement.key]!);
    }
  });
}

export interface FieldRequirement {
  path: string;
  equal: boolean;
  value: string;
}

/** Parses a field selector; a field the resource does not index is refused as the API server refuses it. */
export function parseFieldSelector(text: string, type: ResourceType): FieldRequirement[] {
  const allowed = ['metadata.name', 'metadata.namespace', ...type.fields];
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((raw) => {
      const match = /^([A-Za-z.]+)\s*(==|=|!=)\s*(.*)$/.exec(raw);
      if (!match) throw new Error(`invalid selector: '${raw}'; can't understand '${raw}'`);
      if (!allowed.includes(match[1]!)) throw new Error(`field label not supported: ${match[1]}`);
      return { path: match[1]!, equal: match[2] !== '!=', value: match[3]! };
    });
}

export function matchesFields(requirements: FieldRequirement[], object: KubeObject): boolean {
  return requirements.every(({ path, equal, value }) => {
    let current: unknown = object;
    for (const key of path.split('.')) current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined;
    return (String(current ?? '') === value) === equal;
  });
}

// ---- Status objects ----

export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: { reason: string; message: string; field: string }[] };
  code: number;
}

export function failure(code: number, reason: string, message: string, details?: KubeStatus['details']): KubeStatus {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

export function notFound(type: ResourceType, name: string): KubeStatus {
  return failure(404, 'NotFound', `${qualifiedResource(type)} "${name}" not found`, { name, ...(type.group ? { group: type.group } : {}), kind: type.resource });
}

export function alreadyExists(type: ResourceType, name: string): KubeStatus {
  return failure(409, 'AlreadyExists', `${qualifiedResource(type)} "${name}" already exists`, { name, ...(type.group ? { group: type.group } : {}), kind: type.resource });
}

export function conflict(type: ResourceType, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again'): KubeStatus {
  return failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": ${why}`, { name, ...(type.group ? { group: type.group } : {}), kind: type.resource });
}

export function invalid(type: ResourceType, name: string, causes: { field: string; message: string }[]): KubeStatus {
  const kind = type.group ? `${type.kind}.${type.group}` : type.kind;
  return failure(422, 'Invalid', `${kind} "${name}" is invalid: ${causes.map((cause) => `${cause.field}: ${cause.message}`).join(', ')}`, {
    name,
    ...(type.group ? { group: type.group } : {}),
    kind: type.kind,
    causes: causes.map((cause) => ({ reason: 'FieldValueInvalid', message: cause.message, field: cause.field })),
  });
}
