import type { DeploymentSpec } from './kube-api-server.js';
import type { KubeObject, ResourceType } from './kube-resources.js';

/**
 * What the fake API server's "strategies" do, as the real ones do for these resources:
 * defaults filled in on create and update (namespace labels, Secret stringData folded into
 * data, Service cluster IPs and port defaults, the PVC protection finalizer, Deployment
 * defaults) and the Deployment validation Atelier could trip on.
 */

/** What the API server's strategies add on create and update. */
export function defaultsOf(type: ResourceType, object: KubeObject): KubeObject {
  const metadata = { ...object.metadata };
  const spec = { ...((object.spec as Record<string, unknown>) ?? {}) };
  switch (type.resource) {
    case 'namespaces':
      metadata.labels = { ...metadata.labels, 'kubernetes.io/metadata.name': metadata.name! };
      return { ...object, metadata, spec: { finalizers: ['kubernetes'] }, status: object.status ?? { phase: 'Active' } };
    case 'secrets': {
      const { stringData, ...rest } = object as KubeObject & { stringData?: Record<string, string>; data?: Record<string, string> };
      const data = { ...rest.data, ...Object.fromEntries(Object.entries(stringData ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')])) };
      return { ...rest, metadata, type: (rest.type as string) || 'Opaque', data };
    }
    case 'services': {
      const ports = ((spec.ports as { port: number; targetPort?: number | string; protocol?: string }[]) ?? []).map((port) => ({ protocol: 'TCP', targetPort: port.port, ...port }));
      const clusterIP = (spec.clusterIP as string) ?? `10.96.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;
      return { ...object, metadata, spec: { type: 'ClusterIP', sessionAffinity: 'None', ...spec, ports, clusterIP, clusterIPs: [clusterIP] }, status: object.status ?? { loadBalancer: {} } };
    }
    case 'persistentvolumeclaims':
      metadata.finalizers = metadata.finalizers?.includes('kubernetes.io/pvc-protection') ? metadata.finalizers : [...(metadata.finalizers ?? []), 'kubernetes.io/pvc-protection'];
      return { ...object, metadata, spec: { volumeMode: 'Filesystem', ...spec }, status: object.status ?? { phase: 'Pending' } };
    case 'deployments':
      metadata.generation = metadata.generation ?? 1;
      return { ...object, metadata, spec: { replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, ...spec }, status: object.status ?? {} };
    case 'networkpolicies':
      return { ...object, metadata, spec: { policyTypes: ['Ingress'], ...spec } };
    case 'pods':
      return { ...object, metadata, status: object.status ?? { phase: 'Pending', qosClass: 'Burstable' } };
    default:
      return { ...object, metadata };
  }
}

export function deploymentProblems(object: KubeObject): { field: string; message: string }[] {
  const spec = (object.spec ?? {}) as DeploymentSpec;
  const selector = spec.selector?.matchLabels ?? {};
  const labels = spec.template?.metadata?.labels ?? {};
  const problems: { field: string; message: string }[] = [];
  if (Object.keys(selector).length === 0) problems.push({ field: 'spec.selector', message: 'Required value' });
  if (!Object.entries(selector).every(([key, value]) => labels[key] === value)) {
    problems.push({ field: 'spec.template.metadata.labels', message: `Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\`` });
  }
  if (spec.replicas !== undefined && spec.replicas < 0) problems.push({ field: 'spec.replicas', message: `Invalid value: ${spec.replicas}: must be greater than or equal to 0` });
  return problems;
}

