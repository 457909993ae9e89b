import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import { labelValue, namespaceOf, objectNameOf } from '../../bff/drivers/kubernetes/objects.js';
import { currentPod, observe, progressOf } from '../../bff/drivers/kubernetes/pod-status.js';
import { checkKubernetesRecipe, readKubernetesRecipe } from '../../bff/drivers/kubernetes/recipe.js';
import { labelProblems, nameProblems } from '../fakes/kube-resources.js';
import { builtinEntry } from '../fakes/kube-driver.js';
import { tempDir } from '../helpers/temp.js';

// The Kubernetes driver's pure parts: names, the reading of pods and Events, recipes.

describe('Kubernetes names', () => {
  test("a user's namespace is a valid DNS label, distinct for distinct usernames", () => {
    assert.equal(namespaceOf('atelier-', 'alice'), 'atelier-alice');
    const long = 'a'.repeat(70);
    const longer = `${'a'.repeat(70)}b`;
    for (const name of [namespaceOf('atelier-', long), namespaceOf('atelier-', longer), namespaceOf('atelier-', 'ends-with-')]) {
      assert.deepEqual(nameProblems('dns1123-label', name), [], name);
    }
    assert.notEqual(namespaceOf('atelier-', long), namespaceOf('atelier-', longer));
  });

  test('object names start with a letter (a Service name is a DNS-1035 label), label values are valid', () => {
    assert.equal(objectNameOf('jupyter-1a2b3c4d'), 'jupyter-1a2b3c4d');
    assert.equal(objectNameOf('2048-game-1a2b3c4d'), 's-2048-game-1a2b3c4d');
    assert.deepEqual(nameProblems('dns1035-label', objectNameOf('2048-game-1a2b3c4d')), []);
    assert.equal(labelValue('alice'), 'alice');
    const long = labelValue(`${'x'.repeat(80)}@example.org`);
    assert.deepEqual(labelProblems({ 'atelier.io/owner': long }, 'labels'), []);
    assert.notEqual(long, labelValue(`${'x'.repeat(81)}@example.org`));
  });
});

const pod = (status: V1Pod['status'], created = '2026-01-01T00:00:00Z', deleting = false): V1Pod => ({
  metadata: { name: 'p', creationTimestamp: new Date(created), ...(deleting ? { deletionTimestamp: new Date() } : {}) },
  spec: { containers: [{ name: 'main', image: 'img:1' }] },
  status,
});

describe('reading pods', () => {
  test('the current pod is the newest that is not being deleted', () => {
    const old = pod({ phase: 'Running' }, '2026-01-01T00:00:00Z');
    const young = pod({ phase: 'Pending' }, '2026-01-02T00:00:00Z');
    const leaving = pod({ phase: 'Running' }, '2026-01-03T00:00:00Z', true);
    assert.equal(currentPod([old, leaving, young]), young);
    assert.equal(currentPod([leaving]), undefined);
    assert.equal(observe(undefined), null);
  });

  test('maps phases and conditions to statuses and progress', () => {
    assert.deepEqual(observe(pod({ phase: 'Pending' })), { status: 'starting', progress: { phase: 'scheduling', message: 'Waiting for a node', percent: 10 } });
    assert.deepEqual(observe(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient memory.' }] })), {
      status: 'starting',
      progress: { phase: 'scheduling', message: 'Waiting for a node: 0/3 nodes are available: 3 Insufficient memory.', percent: 10 },
    });
    const waiting = (reason: string, message?: string) => pod({ phase: 'Pending', containerStatuses: [{ name: 'main', image: 'img:1', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason, message } } }] });
    assert.equal((observe(waiting('ContainerCreating')) as { progress: { phase: string } }).progress.phase, 'starting');
    assert.deepEqual(observe(waiting('ImagePullBackOff', 'Back-off pulling image "img:1"')), { status: 'failed', reason: 'The image img:1 could not be pulled: Back-off pulling image "img:1"' });
    assert.deepEqual(observe(waiting('CreateContainerConfigError', 'secret "x" not found')), { status: 'failed', reason: 'The container could not be started: secret "x" not found' });
    const crashLoop = pod({
      phase: 'Running',
      containerStatuses: [{ name: 'main', image: 'img:1', imageID: '', ready: false, restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 137 } } }],
    });
    assert.deepEqual(observe(crashLoop), { status: 'failed', reason: 'The container exited with code 137', exited: 137 });
    assert.deepEqual(observe(pod({ phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' })), {
      status: 'failed',
      reason: 'The pod ended: Evicted: The node was low on resource: memory.',
    });
    const runningNotReady = pod({ phase: 'Running', containerStatuses: [{ name: 'main', image: 'img:1', imageID: '', ready: false, restartCount: 0, state: { running: {} } }] });
    assert.equal((observe(runningNotReady) as { progress: { phase: string } }).progress.phase, 'health-check');
    assert.equal(observe(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] }))?.status, 'running');
  });

  test('reads progress from Events', () => {
    assert.deepEqual(progressOf({ involvedObject: {}, metadata: {}, reason: 'Pulling', message: 'Pulling image "quay.io/jupyter/base-notebook:2025-03-14"' }), {
      phase: 'starting',
      message: 'Pulling the image quay.io/jupyter/base-notebook:2025-03-14',
      percent: 25,
    });
    assert.equal(progressOf({ involvedObject: {}, metadata: {}, reason: 'Killing' }), null);
  });
});

describe('Kubernetes recipes', () => {
  test('the built-in entries that can run on Kubernetes carry a valid recipe', () => {
    assert.equal(builtinEntry('file-server').kubernetes?.image, 'python:3.12-slim');
    assert.match(builtinEntry('jupyter').kubernetes!.image, /^quay\.io\/jupyter\/base-notebook:/);
  });

  test('a broken recipe is refused at load with its file and each problem', async () => {
    const folder = await tempDir();
    assert.equal(await readKubernetesRecipe(folder), null, 'no kubernetes.json: the entry cannot run on Kubernetes');
    await mkdir(join(folder, 'x'));
    await writeFile(join(folder, 'x', 'kubernetes.json'), JSON.stringify({ image: 'i', ports: [{ port: 99999, name: 'p' }], home: { mountPath: 'relative' }, privileged: true }));
    await assert.rejects(readKubernetesRecipe(join(folder, 'x')), (error: Error) => {
      assert.match(error.message, /kubernetes\.json is not a valid Kubernetes recipe/);
      assert.match(error.message, /must NOT have additional properties/);
      assert.match(error.message, /\/ports\/0\/port must be <= 65535/);
      assert.match(error.message, /\/home\/mountPath must match pattern/);
      return true;
    });
    assert.throws(() => checkKubernetesRecipe({ image: 'i', ports: [], home: { mountPath: '/h' } }), /\/ports must NOT have fewer than 1 items/);
  });
});
