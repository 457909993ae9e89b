import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Subscription } from 'rxjs';
import type { AtelierApi } from '../api/api.js';
import { applyServiceEvent } from '../api/service-events.js';
import type { Service } from '../api/types.js';

export type StreamStatus = 'idle' | 'connecting' | 'live' | 'error';

interface Wanted {
  client: AtelierApi;
  user: string;
  id: string | undefined;
}

/**
 * Follows the events stream of the signed-in user's services (or of one service): one
 * subscription while the host is connected and someone is signed in, none otherwise.
 * The host calls `follow()` on every update; the controller only resubscribes when the
 * client, the user or the service changes.
 */
export class ServiceStreamController implements ReactiveController {
  services: Service[] = [];
  status: StreamStatus = 'idle';
  error: unknown;

  readonly #host: ReactiveControllerHost & HTMLElement;
  #wanted: Wanted | null = null;
  #subscription: Subscription | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  /** Follows `client`'s stream for `user` (and service `id`), or nothing when either is missing. */
  follow(client: AtelierApi | undefined, user: string | null, id?: string): void {
    const wanted = client && user ? { client, user, id } : null;
    const current = this.#wanted;
    if (wanted?.client === current?.client && wanted?.user === current?.user && wanted?.id === current?.id) return;
    this.#wanted = wanted;
    this.#start();
  }

  /** Connects again after an error. */
  retry(): void {
    this.#start();
    this.#host.requestUpdate();
  }

  hostConnected(): void {
    if (!this.#subscription) this.#start();
  }

  hostDisconnected(): void {
    this.#stop();
  }

  #start(): void {
    this.#stop();
    this.services = [];
    this.error = undefined;
    const wanted = this.#wanted;
    if (!wanted || !this.#host.isConnected) {
      this.status = 'idle';
      return;
    }
    this.status = 'connecting';
    this.#subscription = wanted.client.serviceEvents(wanted.id).subscribe({
      next: (event) => {
        this.services = applyServiceEvent(this.services, event);
        this.status = 'live';
        this.#host.requestUpdate();
      },
      error: (error: unknown) => {
        this.#subscription = undefined;
        this.status = 'error';
        this.error = error;
        this.#host.requestUpdate();
      },
      complete: () => {
        this.#subscription = undefined;
      },
    });
  }

  #stop(): void {
    this.#subscription?.unsubscribe();
    this.#subscription = undefined;
  }
}
