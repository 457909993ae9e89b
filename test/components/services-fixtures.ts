import { Observable, Subject } from 'rxjs';
import type { ServicesApi } from '../../components/api/services-api.js';
import type { Quota, Service, ServiceHistoryEvent, ServiceReadme } from '../../components/api/types.js';
import { FakeApi, makeService } from './fixtures.js';

/** The `services` part of a fake client: records calls in the client's `calls`, answers with what the test set. */
export class FakeServicesApi implements ServicesApi {
  logLines = ['starting', 'listening on 8888'];
  historyEvents: ServiceHistoryEvent[] = [];
  readmeResult: ServiceReadme = { text: 'Open it from the card.', secrets: [] };
  quotaResult: Quota = { limits: { services: null, cpu: null, memory: null, gpu: null }, usage: { services: 0, cpu: 0, memory: 0, gpu: 0 } };
  /** What suspend, resume and rename do; by default they answer the service changed accordingly. */
  actionResult: (action: string, id: string) => Promise<Service> = async (action, id) => makeService({ id, status: action === 'suspend' ? 'suspended' : 'running' });
  deleteAllResult: () => Promise<{ deleted: number }> = async () => ({ deleted: 0 });
  /** The follow stream: push batches of lines into it. */
  readonly follow = new Subject<string[]>();
  /** How many follow streams are open now. */
  followers = 0;

  constructor(private readonly api: FakeApi) {}

  #record(method: string, ...args: unknown[]): void {
    this.api.calls.push({ method, args });
  }

  async rename(id: string, name: string): Promise<Service> {
    this.#record('rename', id, name);
    return this.actionResult('rename', id);
  }

  async deleteAll(): Promise<{ deleted: number }> {
    this.#record('deleteAll');
    return this.deleteAllResult();
  }

  async suspend(id: string): Promise<Service> {
    this.#record('suspend', id);
    return this.actionResult('suspend', id);
  }

  async resume(id: string): Promise<Service> {
    this.#record('resume', id);
    return this.actionResult('resume', id);
  }

  async logs(id: string, lines: number): Promise<string[]> {
    this.#record('logs', id, lines);
    return this.logLines.slice(-lines);
  }

  followLogs(id: string, lines: number): Observable<string[]> {
    this.#record('followLogs', id, lines);
    return new Observable<string[]>((subscriber) => {
      this.followers += 1;
      const subscription = this.follow.subscribe(subscriber);
      return () => {
        this.followers -= 1;
        subscription.unsubscribe();
      };
    });
  }

  async history(id: string): Promise<ServiceHistoryEvent[]> {
    this.#record('history', id);
    return structuredClone(this.historyEvents);
  }

  async readme(id: string): Promise<ServiceReadme> {
    this.#record('readme', id);
    return structuredClone(this.readmeResult);
  }

  async quota(): Promise<Quota> {
    this.#record('quota');
    return structuredClone(this.quotaResult);
  }
}

/** A fake client with the `services` part. */
export function fakeApiWithServices(): { api: FakeApi; services: FakeServicesApi } {
  const api = new FakeApi();
  const services = new FakeServicesApi(api);
  api.services = services;
  return { api, services };
}
