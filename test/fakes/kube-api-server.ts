import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js';
import {
  alreadyExists,
  apiVersionOf,
  conflict,
  failure,
  invalid,
  labelProblems,
  matchesFields,
  matchesLabels,
  nameProblems,
  notFound,
  parseFieldSelector,
  parseLabelSelector,
  RESOURCES,
  resourceType,
  type FieldRequirement,
  type KubeObject,
  type KubeStatus,
  type ResourceType,
} from './kube-resources.js';
import { defaultsOf, deploymentProblems } from './kube-strategies.js';

/**
 * An in-process Kubernetes API server for tests: the REST protocol of the real one for
 * the calls Atelier makes (paths, verbs, bodies, status codes, Status objects for 404,
 * 409, 410 and 422, resourceVersion on every write and as a compare-and-set on PUT and
 * DELETE preconditions, label and field selectors, list, and watch streams that replay
 * from a resourceVersion or answer 410 Expired once it is compacted). Objects go through
 * client-node's own ObjectSerializer with their model types, so their shapes are the
 * real ones (unknown fields are dropped, as the API server prunes them).
 *
 * It runs no controller: the cluster's behaviour (Deployments making Pods, a kubelet
 * moving them along, Events) is test/fakes/kube-cluster.ts, which writes through the
 * `cluster side` methods below. Every HTTP request is kept in `requests`, with the RBAC
 * verb it needs, so a test can derive the permissions a client really uses.
 */
export class FakeKubeApiServer {
  /** Every request, in order, with the RBAC verb and resource it needs. */
  readonly requests: RecordedRequest[] = [];
  readonly token = randomBytes(16).toString('hex');
  private readonly objects = new Map<string, KubeObject>();
  private readonly history: Change[] = [];
  private readonly watchers = new Set<Watcher>();
  private readonly listeners = new Set<(change: Change) => void>();
  private readonly logs = new Map<string, PodLogs>();
  private revision = 100;
  /** A watch from a resourceVersion below this one is answered 410 Expired. */
  private compactedBelow = 0;
  private held: { promise: Promise<void>; release: () => void } | null = null;
  private server!: Server;
  url = '';

  static async start(): Promise<FakeKubeApiServer> {
    const fake = new FakeKubeApiServer();
    fake.server = createServer((req, res) => {
      fake.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) fake.send(res, 500, failure(500, 'InternalError', `fake API server: ${(error as Error).stack}`));
        else res.destroy();
      });
    });
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  /** A kubeconfig for this server, as a client outside the cluster would have. */
  kubeConfig(token = this.token): KubeConfig {
    const config = new KubeConfig();
    config.loadFromOptions({
      clusters: [{ name: 'fake', server: this.url, skipTLSVerify: true }],
      users: [{ name: 'atelier', token }],
      contexts: [{ name: 'fake', cluster: 'fake', user: 'atelier' }],
      currentContext: 'fake',
    });
    return config;
  }

  async close(): Promise<void> {
    this.held?.release();
    for (const watcher of this.watchers) watcher.res.end();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- Test knobs ----

  /** Ends every open watch stream cleanly, as an API server restart or a watch timeout does. Returns how many. */
  dropWatches(): number {
    const count = this.watchers.size;
    for (const watcher of [...this.watchers]) {
      this.watchers.delete(watcher);
      watcher.res.end();
    }
    return count;
  }

  /** New watch requests wait without an answer until the returned function is called. */
  holdWatches(): () => void {
    if (!this.held) {
      let release!: () => void;
      const promise = new Promise<void>((resolve) => (release = resolve));
      this.held = { promise, release: () => ((this.held = null), release()) };
    }
    return this.held.release;
  }

  /** Forgets the history: a watch resuming from any resourceVersion handed out so far gets 410 Expired. */
  compact(): void {
    this.compactedBelow = this.revision;
    this.history.length = 0;
  }

  /** The requests made for one resource (e.g. `pods`, `deployments/scale`) with one verb. */
  requestsFor(resource: string, verb?: string): RecordedRequest[] {
    return this.requests.filter((request) => request.resource === resource && (verb === undefined || request.verb === verb));
  }

  // ---- The cluster's side: controllers and tests write here, without HTTP ----

  get(resource: string, namespace: string | null, name: string): KubeObject | undefined {
    return this.objects.get(keyOf(typeNamed(resource), namespace, name));
  }

  list(resource: string, filter: (object: KubeObject) => boolean = () => true): KubeObject[] {
    const type = typeNamed(resource);
    return [...this.objects.entries()].filter(([key]) => key.startsWith(`${type.group}/${type.resource}/`)).map(([, object]) => object).filter(filter);
  }

  /** Stores an object as a controller would (create or replace): a new resourceVersion, and a watch event. */
  put(resource: string, object: KubeObject): KubeObject {
    const type = typeNamed(resource);
    const key = keyOf(type, object.metadata.namespace ?? null, object.metadata.name!);
    const previous = this.objects.get(key);
    const stored = wire(type, {
      ...object,
      metadata: {
        ...object.metadata,
        uid: previous?.metadata.uid ?? object.metadata.uid ?? randomUUID(),
        creationTimestamp: previous?.metadata.creationTimestamp ?? object.metadata.creationTimestamp ?? now(),
        resourceVersion: String(++this.revision),
      },
    });
    this.objects.set(key, stored);
    this.emit({ type: previous ? 'MODIFIED' : 'ADDED', resource: type, object: stored, rv: this.revision });
    return stored;
  }

  /** Removes an object for good (finalizers already done): a DELETED watch event. */
  remove(resource: string, namespace: string | null, name: string): KubeObject | undefined {
    const type = typeNamed(resource);
    const key = keyOf(type, namespace, name);
    const current = this.objects.get(key);
    if (!current) return undefined;
    this.objects.delete(key);
    const gone = { ...current, metadata: { ...current.metadata, resourceVersion: String(++this.revision) } };
    this.emit({ type: 'DELETED', resource: type, object: gone, rv: this.revision });
    return gone;
  }

  /** Every write, after it is stored (controllers react here). */
  onChange(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What `GET …/pods/<name>/log` answers: the running container's lines, and the previous one's. */
  setLogs(namespace: string, pod: string, logs: PodLogs): void {
    this.logs.set(`${namespace}/${pod}`, logs);
  }

  // ---- HTTP ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const query = Object.fromEntries(url.searchParams);
    const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query, verb: '', group: '', resource: '', namespace: null, name: null, status: 0 };
    this.requests.push(record);
    res.on('finish', () => (record.status = res.statusCode));
    const body = await readBody(req);

    if (req.headers.authorization !== `Bearer ${this.token}`) return this.send(res, 401, failure(401, 'Unauthorized', 'Unauthorized'));
    const route = parsePath(url.pathname);
    if (!route) return this.send(res, 404, failure(404, 'NotFound', 'the server could not find the requested resource'));
    const { type, namespace, name, subresource } = route;
    const watching = query.watch === 'true' || query.watch === '1';
    record.verb = verbOf(req.method ?? 'GET', name, watching);
    record.group = type.group;
    record.resource = subresource ? `${type.resource}/${subresource}` : type.resource;
    record.namespace = namespace;
    record.name = name;

    let selectors: { labels: ReturnType<typeof parseLabelSelector>; fields: FieldRequirement[] };
    try {
      selectors = { labels: parseLabelSelector(query.labelSelector ?? ''), fields: parseFieldSelector(query.fieldSelector ?? '', type) };
    } catch (error) {
      return this.send(res, 400, failure(400, 'BadRequest', (error as Error).message));
    }
    if (namespace && type.resource !== 'namespaces' && !this.objects.has(keyOf(typeNamed('namespaces'), null, namespace)) && record.verb === 'create') {
      return this.send(res, 404, notFound(typeNamed('namespaces'), namespace));
    }

    if (subresource === 'log' && type.resource === 'pods' && req.method === 'GET' && name) return this.podLog(res, namespace!, name, query);
    if (subresource) return this.send(res, 404, failure(404, 'NotFound', 'the server could not find the requested resource'));

    switch (record.verb) {
      case 'list':
        return this.send(res, 200, this.listOf(type, namespace, selectors, Number(query.limit) || 0));
      case 'watch':
        return this.watch(res, type, namespace, selectors, query, record);
      case 'get': {
        const found = this.objects.get(keyOf(type, namespace, name!));
        return found ? this.send(res, 200, found) : this.send(res, 404, notFound(type, name!));
      }
      case 'create':
        return this.create(res, type, namespace, body);
      case 'update':
        return this.update(res, type, namespace, name!, body);
      case 'delete':
        return this.delete(res, type, namespace, name!, body);
      default:
        return this.send(res, 405, failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
    }
  }

  private listOf(type: ResourceType, namespace: string | null, selectors: Selectors, limit: number) {
    const items = this.matching(type, namespace, selectors).map(({ apiVersion: _apiVersion, kind: _kind, ...item }) => item);
    const shown = limit > 0 ? items.slice(0, limit) : items;
    const more = shown.length < items.length;
    return {
      kind: `${type.kind}List`,
      apiVersion: apiVersionOf(type),
      metadata: { resourceVersion: String(this.revision), ...(more ? { continue: randomBytes(8).toString('base64url'), remainingItemCount: items.length - shown.length } : {}) },
      items: shown,
    };
  }

  private matching(type: ResourceType, namespace: string | null, selectors: Selectors): KubeObject[] {
    return [...this.objects.entries()]
      .filter(([key]) => key.startsWith(`${type.group}/${type.resource}/${namespace === null ? '' : `${namespace}/`}`))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, object]) => object)
      .filter((object) => matches(object, selectors));
  }

  private async watch(res: ServerResponse, type: ResourceType, namespace: string | null, selectors: Selectors, query: Record<string, string>, record: RecordedRequest): Promise<void> {
    if (this.held) await this.held.promise;
    if (res.destroyed) return;
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private', 'transfer-encoding': 'chunked' });
    res.flushHeaders();
    const from = query.resourceVersion;
    const watcher: Watcher = { type, namespace, selectors, res };
    const write = (change: Pick<Change, 'type' | 'object'> | { type: 'ERROR'; object: KubeStatus }) => res.write(`${jsonOf({ type: change.type, object: change.object })}\n`);
    if (from && from !== '0' && Number(from) < this.compactedBelow) {
      record.expired = true;
      write({ type: 'ERROR', object: failure(410, 'Expired', `too old resource version: ${from} (${this.compactedBelow})`) });
      res.end();
      return;
    }
    if (!from || from === '0') {
      for (const object of this.matching(type, namespace, selectors)) write({ type: 'ADDED', object });
    } else {
      for (const change of this.history) if (change.rv > Number(from) && watches(watcher, change)) write(change);
    }
    watcher.write = write;
    this.watchers.add(watcher);
    const timeout = Number(query.timeoutSeconds) > 0 ? setTimeout(() => res.end(), Number(query.timeoutSeconds) * 1000) : undefined;
    res.on('close', () => {
      clearTimeout(timeout);
      this.watchers.delete(watcher);
    });
  }

  private create(res: ServerResponse, type: ResourceType, namespace: string | null, body: unknown): void {
    const object = objectOf(body);
    if (!object) return this.send(res, 400, failure(400, 'BadRequest', 'the body of the request was in an unknown format'));
    const bad = this.checkBody(type, object, namespace);
    if (bad) return this.send(res, bad.code, bad);
    const name = object.metadata.name!;
    const causes = [
      ...nameProblems(type.names, name).map((message) => ({ field: 'metadata.name', message: `Invalid value: "${name}": ${message}` })),
      ...labelProblems(object.metadata.labels, 'metadata.labels'),
      ...(type.resource === 'deployments' ? deploymentProblems(object) : []),
    ];
    if (causes.length > 0) return this.send(res, 422, invalid(type, name, causes));
    if (this.objects.has(keyOf(type, namespace, name))) return this.send(res, 409, alreadyExists(type, name));
    const { deletionTimestamp: _ignored, ...metadata } = object.metadata;
    const created = this.put(type.resource, defaultsOf(type, { ...object, metadata: { ...metadata, namespace: namespace ?? undefined, uid: randomUUID(), creationTimestamp: now() } }));
    this.send(res, 201, created);
  }

  private update(res: ServerResponse, type: ResourceType, namespace: string | null, name: string, body: unknown): void {
    const object = objectOf(body);
    if (!object) return this.send(res, 400, failure(400, 'BadRequest', 'the body of the request was in an unknown format'));
    const bad = this.checkBody(type, object, namespace);
    if (bad) return this.send(res, bad.code, bad);
    if (object.metadata.name !== name) return this.send(res, 400, failure(400, 'BadRequest', `the name of the object (${object.metadata.name}) does not match the name on the URL (${name})`));
    const current = this.objects.get(keyOf(type, namespace, name));
    if (!current) return this.send(res, 404, notFound(type, name));
    if (object.metadata.resourceVersion && object.metadata.resourceVersion !== current.metadata.resourceVersion) return this.send(res, 409, conflict(type, name));
    const causes = labelProblems(object.metadata.labels, 'metadata.labels');
    if (type.resource === 'deployments') {
      causes.push(...deploymentProblems(object));
      if (JSON.stringify((object.spec as DeploymentSpec).selector) !== JSON.stringify((current.spec as DeploymentSpec).selector)) {
        causes.push({ field: 'spec.selector', message: `Invalid value: ${JSON.stringify((object.spec as DeploymentSpec).selector)}: field is immutable` });
      }
    }
    if (causes.length > 0) return this.send(res, 422, invalid(type, name, causes));
    const next = defaultsOf(type, {
      ...object,
      metadata: {
        ...object.metadata,
        namespace: current.metadata.namespace,
        uid: current.metadata.uid,
        creationTimestamp: current.metadata.creationTimestamp,
        deletionTimestamp: current.metadata.deletionTimestamp,
        generation: (current.metadata.generation ?? 0) + (JSON.stringify(object.spec) === JSON.stringify(current.spec) ? 0 : 1),
      },
      ...(type.hasStatus ? { status: current.status } : {}),
      ...(type.resource === 'services' ? { spec: { ...(object.spec as object), clusterIP: (current.spec as { clusterIP: string }).clusterIP } } : {}),
    });
    this.send(res, 200, this.put(type.resource, next));
  }

  private delete(res: ServerResponse, type: ResourceType, namespace: string | null, name: string, body: unknown): void {
    const current = this.objects.get(keyOf(type, namespace, name));
    if (!current) return this.send(res, 404, notFound(type, name));
    const preconditions = (objectOf(body) as { preconditions?: { resourceVersion?: string; uid?: string } } | null)?.preconditions;
    if (preconditions?.resourceVersion && preconditions.resourceVersion !== current.metadata.resourceVersion) {
      return this.send(
        res,
        409,
        conflict(type, name, `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`),
      );
    }
    if (preconditions?.uid && preconditions.uid !== current.metadata.uid) {
      return this.send(res, 409, conflict(type, name, `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${current.metadata.uid}`));
    }
    if ((current.metadata.finalizers ?? []).length > 0) {
      const terminating = current.metadata.deletionTimestamp ? current : this.put(type.resource, { ...current, metadata: { ...current.metadata, deletionTimestamp: now() } });
      return this.send(res, 200, terminating);
    }
    const gone = this.remove(type.resource, namespace, name)!;
    if (type.deleteReturnsObject) return this.send(res, 200, gone);
    this.send(res, 200, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name, ...(type.group ? { group: type.group } : {}), kind: type.resource, uid: gone.metadata.uid },
    });
  }

  private podLog(res: ServerResponse, namespace: string, name: string, query: Record<string, string>): void {
    const pod = this.objects.get(keyOf(typeNamed('pods'), namespace, name));
    if (!pod) return this.send(res, 404, notFound(typeNamed('pods'), name));
    const spec = pod.spec as { containers: { name: string }[] };
    const container = query.container ?? spec.containers[0]!.name;
    if (!spec.containers.some((candidate) => candidate.name === container)) {
      return this.send(res, 400, failure(400, 'BadRequest', `container ${container} is not valid for pod ${name}`));
    }
    const state = ((pod.status as { containerStatuses?: ContainerStatus[] }).containerStatuses ?? []).find((status) => status.name === container);
    const logs = this.logs.get(`${namespace}/${name}`) ?? { current: [], previous: null };
    const previous = query.previous === 'true';
    if (previous && !logs.previous) return this.send(res, 400, failure(400, 'BadRequest', `previous terminated container "${container}" in pod "${name}" not found`));
    if (!previous && (!state || state.state?.waiting)) {
      const reason = state?.state?.waiting?.reason ?? 'ContainerCreating';
      return this.send(res, 400, failure(400, 'BadRequest', `container "${container}" in pod "${name}" is waiting to start: ${reason}`));
    }
    const lines = previous ? logs.previous! : logs.current;
    const tail = Number(query.tailLines) >= 0 && query.tailLines !== undefined ? lines.slice(Math.max(0, lines.length - Number(query.tailLines))) : lines;
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(tail.map((line) => `${line}\n`).join(''));
  }

  /** The checks every write body gets: kind, apiVersion and namespace agree with the URL. */
  private checkBody(type: ResourceType, object: KubeObject, namespace: string | null): KubeStatus | null {
    if ((object.kind && object.kind !== type.kind) || (object.apiVersion && object.apiVersion !== apiVersionOf(type))) {
      return failure(400, 'BadRequest', `the API version in the data (${object.apiVersion}) does not match the expected API version (${apiVersionOf(type)})`);
    }
    if (namespace && object.metadata.namespace && object.metadata.namespace !== namespace) {
      return failure(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
    }
    if (!object.metadata.name) return invalid(type, '', [{ field: 'metadata.name', message: 'Required value: name or generateName is required' }]);
    return null;
  }

  private emit(change: Change): void {
    this.history.push(change);
    for (const watcher of this.watchers) if (watcher.write && watches(watcher, change)) watcher.write(change);
    for (const listener of this.listeners) listener(change);
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(jsonOf(body));
  }
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The RBAC verb: get, list, watch, create, update, patch, delete, deletecollection. */
  verb: string;
  group: string;
  /** The RBAC resource, with its subresource: `pods`, `pods/log`. */
  resource: string;
  namespace: string | null;
  name: string | null;
  status: number;
  /** A watch answered with an ERROR event 410 Expired (its resourceVersion was compacted). */
  expired?: boolean;
}

export interface Change {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  resource: ResourceType;
  object: KubeObject;
  rv: number;
}

export interface PodLogs {
  current: string[];
  /** The previous container's lines (after a restart), or null. */
  previous: string[] | null;
}

export interface ContainerStatus {
  name: string;
  ready: boolean;
  restartCount: number;
  state?: { waiting?: { reason?: string; message?: string }; running?: { startedAt?: string }; terminated?: { exitCode: number; reason?: string } };
}

type Selectors = { labels: ReturnType<typeof parseLabelSelector>; fields: FieldRequirement[] };

interface Watcher {
  type: ResourceType;
  namespace: string | null;
  selectors: Selectors;
  res: ServerResponse;
  write?: (change: Change) => void;
}

export interface DeploymentSpec {
  selector?: { matchLabels?: Record<string, string> };
  template?: { metadata?: { labels?: Record<string, string> } };
  replicas?: number;
}

function watches(watcher: Watcher, change: Change): boolean {
  return (
    change.resource === watcher.type &&
    (watcher.namespace === null || change.object.metadata.namespace === watcher.namespace) &&
    matches(change.object, watcher.selectors)
  );
}

function matches(object: KubeObject, selectors: Selectors): boolean {
  return matchesLabels(selectors.labels, object.metadata.labels) && matchesFields(selectors.fields, object);
}

function typeNamed(resource: string): ResourceType {
  const type = RESOURCES.find((candidate) => candidate.resource === resource);
  if (!type) throw new Error(`the fake API server has no resource ${resource}`);
  return type;
}

function keyOf(type: ResourceType, namespace: string | null, name: string): string {
  return `${type.group}/${type.resource}/${type.namespaced ? `${namespace}/` : ''}${name}`;
}

/** `/api/v1/…` or `/apis/<group>/<version>/…`: the resource, namespace, name and subresource, or null when no route matches. */
function parsePath(path: string): { type: ResourceType; namespace: string | null; name: string | null; subresource: string | null } | null {
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api' && segments.length >= 2) [group, version, rest] = ['', segments[1]!, segments.slice(2)];
  else if (segments[0] === 'apis' && segments.length >= 3) [group, version, rest] = [segments[1]!, segments[2]!, segments.slice(3)];
  else return null;

  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const type = resourceType(group, version, rest[2]!);
    if (!type?.namespaced || rest.length > 5) return null;
    return { type, namespace: rest[1]!, name: rest[3] ?? null, subresource: rest[4] ?? null };
  }
  const type = resourceType(group, version, rest[0] ?? '');
  if (!type || rest.length > 3) return null;
  if (type.namespaced) return rest.length === 1 ? { type, namespace: null, name: null, subresource: null } : null;
  return { type, namespace: null, name: rest[1] ?? null, subresource: rest[2] ?? null };
}

function verbOf(method: string, name: string | null, watching: boolean): string {
  switch (method) {
    case 'GET':
      return name ? 'get' : watching ? 'watch' : 'list';
    case 'POST':
      return name ? 'unsupported' : 'create';
    case 'PUT':
      return name ? 'update' : 'unsupported';
    case 'PATCH':
      return name ? 'patch' : 'unsupported';
    case 'DELETE':
      return name ? 'delete' : 'deletecollection';
    default:
      return 'unsupported';
  }
}

/** Through client-node's model: the shape the real API server gives (unknown fields dropped). */
function wire(type: ResourceType, object: KubeObject): KubeObject {
  const typed = ObjectSerializer.deserialize(object, type.model, '') as unknown;
  const shaped = JSON.parse(JSON.stringify(ObjectSerializer.serialize(typed, type.model, ''))) as KubeObject;
  return { ...shaped, apiVersion: apiVersionOf(type), kind: type.kind };
}

function objectOf(body: unknown): KubeObject | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const object = body as KubeObject;
  return { ...object, metadata: { ...(object.metadata ?? {}) } };
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 3 * 1024 * 1024) throw new Error('request entity too large');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return null;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return 'invalid';
  }
}

/** RFC 3339 with whole seconds, as metav1.Time is written. */
export function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function jsonOf(value: unknown): string {
  return JSON.stringify(value).replace(/"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.000Z"/g, '"$1Z"');
}
