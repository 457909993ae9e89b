import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { V1Deployment, V1Namespace, V1NetworkPolicy, V1PersistentVolumeClaim, V1ResourceRequirements, V1Secret, V1Service } from '@kubernetes/client-node';
import { pick } from '../../i18n/localized.js';
import type { RoutedPort } from '../../services/record.js';
import { basePathOf, healthPathOf, type Launch } from '../driver.js';
import { render, renderAll } from '../local/templates.js';
import type { KubernetesRecipe } from './recipe.js';

/**
 * The objects of one service, built from its catalog entry's Kubernetes recipe and the
 * validated values: pure, no I/O, unit-tested alone. Everything the driver creates carries
 * the same labels, so a service's objects are found again from the cluster alone.
 */

export interface KubernetesWorkloadOptions {
  /** Users' namespaces are `<prefix><username>`. */
  namespacePrefix: string;
  /** The home volumes' StorageClass; the cluster's default when null. */
  storageClass: string | null;
  /** The home volume's size when the recipe gives none. */
  homeSize: string;
  /** Who may reach a service's pods (its NetworkPolicy): the proxy's namespace and pod labels. */
  proxy: { namespaceLabels: Record<string, string>; podLabels: Record<string, string> };
  /** The Pod Security Standard enforced on users' namespaces. */
  podSecurity: 'privileged' | 'baseline' | 'restricted';
}

export const LABELS = {
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  managedBy: 'app.kubernetes.io/managed-by',
  owner: 'atelier.io/owner',
  catalog: 'atelier.io/catalog',
  service: 'atelier.io/service',
} as const;

export const ANNOTATIONS = {
  /** Epoch milliseconds of the (re)start: the start deadline runs from here, on every replica. */
  startedAt: 'atelier.io/started-at',
  /** Set while suspended: why. */
  suspended: 'atelier.io/suspended-reason',
  /** The replicas to scale back to on resume. */
  replicas: 'atelier.io/replicas',
  /** The owner's username in full (a label value is cut at 63 characters). */
  owner: 'atelier.io/owner',
} as const;

export const MANAGED_BY = 'atelier';
/** Selects every pod Atelier runs. */
export const MANAGED_SELECTOR = `${LABELS.managedBy}=${MANAGED_BY}`;
export const CONTAINER = 'main';

/** The user's namespace: a DNS-1123 label of at most 63 characters, distinct for distinct usernames. */
export function namespaceOf(prefix: string, username: string): string {
  const name = `${prefix}${username}`;
  if (name.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) return name;
  const readable = `${prefix}${username}`.replace(/[^a-z0-9-]/g, '').slice(0, 52).replace(/-+$/, '');
  return `${readable}-${digest(username).slice(0, 10)}`;
}

/** The name of a service's Deployment, Service and NetworkPolicy (a DNS-1035 label: it starts with a letter). */
export function objectNameOf(id: string): string {
  return /^[a-z]/.test(id) ? id : `s-${id}`;
}

export const secretNameOf = (id: string) => `${objectNameOf(id)}-env`;
export const claimNameOf = (id: string) => `${objectNameOf(id)}-home`;

/** A label value: the text itself when it is one, else a readable prefix and a digest. */
export function labelValue(text: string): string {
  if (text.length <= 63 && /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(text)) return text;
  const readable = text.replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 40).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return `${readable}${readable ? '-' : ''}${digest(text).slice(0, 12)}`;
}

export function serviceSelector(id: string): string {
  return `${LABELS.service}=${labelValue(id)}`;
}

export function labelsOf(launch: { id: string; owner: string; catalog: string; entry: string }): Record<string, string> {
  return {
    [LABELS.name]: labelValue(launch.entry),
    [LABELS.instance]: labelValue(launch.id),
    [LABELS.managedBy]: MANAGED_BY,
    [LABELS.owner]: labelValue(launch.owner),
    [LABELS.catalog]: labelValue(launch.catalog),
    [LABELS.service]: labelValue(launch.id),
  };
}

export function namespaceObject(name: string, username: string, options: KubernetesWorkloadOptions): V1Namespace {
  return {
    metadata: {
      name,
      labels: {
        [LABELS.managedBy]: MANAGED_BY,
        [LABELS.owner]: labelValue(username),
        'pod-security.kubernetes.io/enforce': options.podSecurity,
      },
      annotations: { [ANNOTATIONS.owner]: username },
    },
  };
}

export interface Workload {
  namespace: string;
  secret: V1Secret;
  claim: V1PersistentVolumeClaim;
  deployment: V1Deployment;
  service: V1Service;
  networkPolicy: V1NetworkPolicy;
  ports: RoutedPort[];
}

/** Every object of a service, rendered from its recipe; throws a readable message on a bad value. */
export function renderWorkload(launch: Launch, recipe: KubernetesRecipe, options: KubernetesWorkloadOptions, token: string, startedAt: number): Workload {
  const namespace = namespaceOf(options.namespacePrefix, launch.user.username);
  const name = objectNameOf(launch.id);
  const labels = labelsOf({ id: launch.id, owner: launch.user.username, catalog: launch.entry.catalog, entry: launch.entry.id });
  const selector = { [LABELS.service]: labels[LABELS.service]! };
  const metadata = (objectName: string) => ({ name: objectName, namespace, labels, annotations: { [ANNOTATIONS.owner]: launch.user.username } });

  const home = recipe.home.mountPath;
  const base = { port: recipe.ports[0]!.port, token, home, values: launch.values, basePath: basePathOf(launch, recipe.ports) };
  const workdir = workdirOf(home, render(recipe.workdir ?? '', base));
  const variables = { ...base, workdir };

  const ports: RoutedPort[] = recipe.ports.map((port) => ({
    port: port.port,
    name: pick(port.name, launch.lang),
    upstream: `http://${name}.${namespace}.svc:${port.port}`,
    headers: renderAll(port.headers, variables),
    ...(port.stripPrefix === false ? { stripPrefix: false } : {}),
  }));
  const probed = recipe.ports.find((port) => port.health);
  const size = render(recipe.home.size ?? '', variables) || options.homeSize;
  checkQuantity(size, 'home.size');

  const secret: V1Secret = {
    metadata: metadata(secretNameOf(launch.id)),
    type: 'Opaque',
    stringData: { ...renderAll(recipe.env, variables), ...launch.env },
  };
  const claim: V1PersistentVolumeClaim = {
    metadata: metadata(claimNameOf(launch.id)),
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: size } },
      ...(options.storageClass ? { storageClassName: options.storageClass } : {}),
    },
  };
  const deployment: V1Deployment = {
    metadata: { ...metadata(name), annotations: { [ANNOTATIONS.owner]: launch.user.username, [ANNOTATIONS.startedAt]: String(startedAt) } },
    spec: {
      replicas: 1,
      // One pod at a time: the home volume is ReadWriteOnce.
      strategy: { type: 'Recreate' },
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, ...recipe.securityContext },
          containers: [
            {
              name: CONTAINER,
              image: recipe.image,
              imagePullPolicy: 'IfNotPresent',
              ...(recipe.command ? { command: recipe.command.map((part) => render(part, variables)) } : {}),
              ...(recipe.args ? { args: recipe.args.map((part) => render(part, variables)) } : {}),
              envFrom: [{ secretRef: { name: secretNameOf(launch.id) } }],
              ports: recipe.ports.map((port) => ({ name: portName(port.port), containerPort: port.port, protocol: 'TCP' })),
              ...(probed ? { readinessProbe: { httpGet: { path: healthPathOf(launch, probed), port: probed.port }, periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 3 } } : {}),
              resources: resourcesOf(recipe.resources, variables),
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
              volumeMounts: [{ name: 'home', mountPath: home }],
            },
          ],
          volumes: [{ name: 'home', persistentVolumeClaim: { claimName: claimNameOf(launch.id) } }],
        },
      },
    },
  };
  const service: V1Service = {
    metadata: metadata(name),
    spec: {
      type: 'ClusterIP',
      selector,
      ports: recipe.ports.map((port) => ({ name: portName(port.port), port: port.port, targetPort: port.port, protocol: 'TCP' })),
    },
  };
  const networkPolicy: V1NetworkPolicy = {
    metadata: metadata(name),
    spec: {
      podSelector: { matchLabels: selector },
      policyTypes: ['Ingress'],
      ingress: [
        {
          _from: [{ namespaceSelector: { matchLabels: options.proxy.namespaceLabels }, podSelector: { matchLabels: options.proxy.podLabels } }],
          ports: recipe.ports.map((port) => ({ port: port.port, protocol: 'TCP' })),
        },
      ],
    },
  };
  return { namespace, secret, claim, deployment, service, networkPolicy, ports };
}

const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?\d+)?$/;

function checkQuantity(value: string, where: string): void {
  if (!QUANTITY.test(value)) throw new Error(`"${value}" (${where}) is not a Kubernetes quantity such as 500m, 2 or 1Gi.`);
}

function resourcesOf(resources: KubernetesRecipe['resources'], variables: Record<string, unknown>): V1ResourceRequirements {
  const rendered: V1ResourceRequirements = {};
  for (const kind of ['requests', 'limits'] as const) {
    const entries = Object.entries(renderAll(resources?.[kind], variables)).filter(([, value]) => value !== '');
    for (const [name, value] of entries) checkQuantity(value, `resources.${kind}.${name}`);
    if (entries.length > 0) rendered[kind] = Object.fromEntries(entries);
  }
  return rendered;
}

/** The absolute working folder: the rendered relative folder inside the home volume, never outside it. */
function workdirOf(home: string, relative: string): string {
  const segments = relative.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (relative.startsWith('/') || segments.includes('..')) throw new Error(`The folder "${relative}" is not inside the home folder.`);
  return posix.join(home, ...segments);
}

/** A container port's name: at most 15 characters, with a letter. */
function portName(port: number): string {
  return `p-${port}`;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
