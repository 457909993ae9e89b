import { ListWatch, Watch, type CoreV1Api, type CoreV1Event, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { MANAGED_SELECTOR } from './objects.js';

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;
/** After a clean end of a watch (the API server's timeout), the next one starts at once, almost. */
const RECONNECT_MS = 50;

/**
 * Every pod Atelier manages, in every namespace, kept current by client-node's ListWatch:
 * one list, then a watch that resumes from the last resourceVersion it saw when the
 * connection ends, and lists again when the API server answers 410 Gone (the history it
 * would replay was compacted). A failed list or watch is retried with a growing delay.
 */
export class PodWatch {
  private readonly listWatch: ListWatch<V1Pod>;
  private started: Promise<void> | undefined;
  private retry: NodeJS.Timeout | undefined;
  private delay = RETRY_MIN_MS;
  private closed = false;

  constructor(
    config: KubeConfig,
    core: CoreV1Api,
    onChange: (pod: V1Pod, gone: boolean) => void,
    private readonly log: (message: string) => void,
  ) {
    this.listWatch = new ListWatch<V1Pod>('/api/v1/pods', new Watch(config), () => core.listPodForAllNamespaces({ labelSelector: MANAGED_SELECTOR }), false, MANAGED_SELECTOR);
    const changed = (gone: boolean) => (pod: V1Pod) => {
      this.delay = RETRY_MIN_MS;
      onChange(pod, gone);
    };
    this.listWatch.on('add', changed(false));
    this.listWatch.on('update', changed(false));
    this.listWatch.on('delete', changed(true));
    this.listWatch.on('error', (error: unknown) => this.failed(error));
  }

  /** Resolves once the first list is in (and its watch connected); later calls return the same promise. */
  start(): Promise<void> {
    this.started ??= this.listWatch.start();
    return this.started;
  }

  /** The pods labelled with this selector's one `key=value`. */
  pods(key: string, value: string): V1Pod[] {
    return this.listWatch.list().filter((pod) => pod.metadata?.labels?.[key] === value);
  }

  /** The resourceVersion the watch resumes from. */
  resourceVersion(): string {
    return this.listWatch.latestResourceVersion();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    void this.listWatch.stop();
  }

  private failed(error: unknown): void {
    if (this.closed) return;
    this.log(`Watching the pods failed (${describe(error)}); again in ${Math.round(this.delay / 1000)} s.`);
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.listWatch.start(), this.delay);
    this.retry.unref();
    this.delay = Math.min(this.delay * 2, RETRY_MAX_MS);
  }
}

/**
 * The Events of pods, from now on: a watch from the resourceVersion of a one-item list,
 * resumed from the last one seen after a disconnect, restarted from now after 410 Gone
 * (Events only tell progress: one missed while disconnected is not worth a relist).
 */
export class PodEventWatch {
  private static readonly FIELDS = 'involvedObject.kind=Pod';
  private resumeFrom: string | undefined;
  private request: AbortController | undefined;
  private started: Promise<void> | undefined;
  private retry: NodeJS.Timeout | undefined;
  private delay = RETRY_MIN_MS;
  private closed = false;

  constructor(
    private readonly config: KubeConfig,
    private readonly core: CoreV1Api,
    private readonly onEvent: (event: CoreV1Event) => void,
    private readonly log: (message: string) => void,
  ) {}

  start(): Promise<void> {
    this.started ??= this.connect();
    return this.started;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    this.request?.abort();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    try {
      if (!this.resumeFrom) {
        const list = await this.core.listEventForAllNamespaces({ fieldSelector: PodEventWatch.FIELDS, limit: 1 });
        this.resumeFrom = list.metadata?.resourceVersion;
      }
      const query = { fieldSelector: PodEventWatch.FIELDS, resourceVersion: this.resumeFrom, allowWatchBookmarks: true };
      this.request = await new Watch(this.config).watch('/api/v1/events', query, (type: string, object: CoreV1Event & { code?: number }) => {
        if (type === 'ERROR') {
          if (object.code === 410) this.resumeFrom = undefined;
          return;
        }
        this.delay = RETRY_MIN_MS;
        this.resumeFrom = object.metadata?.resourceVersion ?? this.resumeFrom;
        if (type === 'ADDED' || type === 'MODIFIED') this.onEvent(object);
      }, (error: unknown) => this.ended(error));
    } catch (error) {
      this.ended(error);
    }
  }

  private ended(error: unknown): void {
    if (this.closed) return;
    if ((error as { statusCode?: number } | null)?.statusCode === 410) this.resumeFrom = undefined;
    const wait = error ? this.delay : RECONNECT_MS;
    if (error) {
      this.log(`Watching the pods' events failed (${describe(error)}); again in ${Math.round(wait / 1000)} s.`);
      this.delay = Math.min(this.delay * 2, RETRY_MAX_MS);
    }
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), wait);
    this.retry.unref();
  }
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof (error as { code: unknown }).code === 'number') return `HTTP ${(error as { code: number }).code}`;
  return error instanceof Error ? error.message : String(error);
}
