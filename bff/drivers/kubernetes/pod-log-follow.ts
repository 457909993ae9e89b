import { PassThrough } from 'node:stream';
import { Log, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { LineSplitter } from '../log-lines.js';
import { CONTAINER } from './objects.js';

/**
 * Follows a pod's log through the pod log API (`follow=true`, `tailLines`): the last
 * `lines` lines first, then every line as the container prints it, in the batches the
 * API server sends. Ends when `signal` aborts or the container's log ends.
 */
export async function* followPodLog(config: KubeConfig, pod: V1Pod, lines: number, signal: AbortSignal): AsyncGenerator<string[]> {
  const stream = new PassThrough({ encoding: 'utf8' });
  const splitter = new LineSplitter();
  let request: AbortController | undefined;
  const end = () => {
    request?.abort();
    stream.end();
  };
  signal.addEventListener('abort', end, { once: true });
  try {
    request = await new Log(config).log(pod.metadata!.namespace!, pod.metadata!.name!, CONTAINER, stream, (error: unknown) => (error ? stream.destroy(error as Error) : stream.end()), {
      follow: true,
      tailLines: lines,
    });
    if (signal.aborted) end();
    let first = true;
    for await (const chunk of stream) {
      const complete = splitter.push(chunk as string);
      if (complete.length > 0 || first) yield complete;
      first = false;
    }
  } finally {
    signal.removeEventListener('abort', end);
    end();
  }
}
