import { expect, waitUntil } from '@open-wc/testing';
import { ApiRequestError } from '../../components/api/errors.js';
import { HttpAtelierApi } from '../../components/api/http-api.js';
import type { ServiceEvent } from '../../components/api/types.js';
import { makeService } from './fixtures.js';

/** A fetch that answers each call with the next scripted response, and records requests. */
function scriptedFetch(responses: (() => Response)[]) {
  const requests: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (url: RequestInfo | URL, init: RequestInit = {}) => {
    requests.push({ url: String(url), init });
    const next = responses.shift();
    if (!next) return new Promise<Response>(() => undefined); // hangs: no more scripted answers
    return next();
  }) as typeof fetch;
  return { fetchImpl, requests };
}

function streamOf(text: string, keepOpen = false): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      if (!keepOpen) controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}

describe('HttpAtelierApi', () => {
  it('reads the events stream with fetch and a bearer header, and reconnects when it drops', async () => {
    const service = makeService();
    const { fetchImpl, requests } = scriptedFetch([
      () => streamOf(`: hello\n\nevent: snapshot\ndata: ${JSON.stringify([service])}\n\nretry: 10\n\n`),
      () => streamOf(`event: deleted\ndata: {"id":"svc-1"}\n\n`, true),
    ]);
    const api = new HttpAtelierApi('http://bff.test/', async () => 'token-1', fetchImpl);
    const events: ServiceEvent[] = [];
    const subscription = api.serviceEvents().subscribe((event) => events.push(event));
    await waitUntil(() => events.length === 2, 'two events, across a reconnection', { timeout: 4000 });
    subscription.unsubscribe();
    expect(events.map((event) => event.type)).to.deep.equal(['snapshot', 'deleted']);
    expect(requests).to.have.length(2);
    expect(requests[0]!.url).to.equal('http://bff.test/api/services/events');
    expect((requests[0]!.init.headers as Record<string, string>).Authorization).to.equal('Bearer token-1');
    expect(requests[1]!.init.signal!.aborted).to.be.true; // unsubscribing closes the connection
  });

  it('ends the stream with a 401 error, without retrying', async () => {
    const { fetchImpl, requests } = scriptedFetch([
      () => new Response(JSON.stringify({ code: 'unauthorized', message: 'Token expired' }), { status: 401 }),
    ]);
    const api = new HttpAtelierApi('http://bff.test', async () => 'stale', fetchImpl);
    const error = await new Promise<unknown>((resolve) => api.serviceEvents('svc-1').subscribe({ error: resolve }));
    expect(error).to.be.instanceOf(ApiRequestError);
    expect((error as ApiRequestError).status).to.equal(401);
    expect(requests[0]!.url).to.equal('http://bff.test/api/services/svc-1/events');
    expect(requests).to.have.length(1);
  });

  it('ends the stream at once when signed out (no request)', async () => {
    const { fetchImpl, requests } = scriptedFetch([]);
    const api = new HttpAtelierApi('http://bff.test', async () => null, fetchImpl);
    const error = await new Promise<unknown>((resolve) => api.serviceEvents().subscribe({ error: resolve }));
    expect((error as ApiRequestError).status).to.equal(401);
    expect(requests).to.have.length(0);
  });

  it('turns JSON errors into ApiRequestError with code, message, errors and status', async () => {
    const body = { code: 'invalid', message: 'Invalid values', errors: [{ path: 'folder', message: 'bad folder' }] };
    const { fetchImpl, requests } = scriptedFetch([() => new Response(JSON.stringify(body), { status: 400 })]);
    const api = new HttpAtelierApi('http://bff.test', async () => 'token-1', fetchImpl);
    const error = (await api.launch({ catalog: 'local', service: 'jupyter', values: { folder: '..' } }).catch((e: unknown) => e)) as ApiRequestError;
    expect(error).to.be.instanceOf(ApiRequestError);
    expect(error).to.include({ status: 400, code: 'invalid', message: 'Invalid values' });
    expect(error.errors).to.deep.equal(body.errors);
    expect(requests[0]!.init.method).to.equal('POST');
    expect(JSON.parse(requests[0]!.init.body as string)).to.deep.equal({ catalog: 'local', service: 'jupyter', values: { folder: '..' } });
  });

  it('sends no token for the public config, a token and ?lang= for catalogs, and handles 204', async () => {
    const { fetchImpl, requests } = scriptedFetch([
      () => new Response('{"name":"x"}', { status: 200 }),
      () => new Response('[]', { status: 200 }),
      () => new Response(null, { status: 204 }),
    ]);
    const api = new HttpAtelierApi('http://bff.test', async () => 'token-1', fetchImpl);
    await api.getConfig();
    await api.listCatalogs({ lang: 'fr' });
    expect(await api.deleteService('a b')).to.equal(undefined);
    expect((requests[0]!.init.headers as Record<string, string>).Authorization).to.equal(undefined);
    expect(requests[1]!.url).to.equal('http://bff.test/api/catalogs?lang=fr');
    expect((requests[1]!.init.headers as Record<string, string>).Authorization).to.equal('Bearer token-1');
    expect(requests[2]!.url).to.equal('http://bff.test/api/services/a%20b');
    expect(api.resolve('/icon.svg')).to.equal('http://bff.test/icon.svg');
  });

  it('reports a network failure as status 0', async () => {
    const api = new HttpAtelierApi('http://bff.test', async () => null, (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch);
    const error = (await api.listCatalogs().catch((e: unknown) => e)) as ApiRequestError;
    expect(error).to.include({ status: 0, code: 'network' });
  });

  it('follows a log stream once: batches of lines, completing when the server ends it, without reconnecting', async () => {
    const { fetchImpl, requests } = scriptedFetch([
      () => streamOf(`: hi\n\nevent: lines\ndata: {"lines":["a","b"]}\n\nevent: other\ndata: {}\n\nevent: lines\ndata: {"lines":["c"]}\n\n`),
    ]);
    const api = new HttpAtelierApi('http://bff.test', async () => 'token-1', fetchImpl);
    const batches: string[][] = [];
    await new Promise<void>((resolve, reject) => api.services.followLogs('svc 1', 50).subscribe({ next: (lines) => batches.push(lines), error: reject, complete: resolve }));
    expect(batches).to.deep.equal([['a', 'b'], ['c']]);
    expect(requests).to.have.length(1);
    expect(requests[0]!.url).to.equal('http://bff.test/api/services/svc%201/logs?lines=50&follow=true');
  });

  it('reads the log tail as text, renames with PATCH', async () => {
    const { fetchImpl, requests } = scriptedFetch([
      () => new Response('one\ntwo\n', { status: 200, headers: { 'Content-Type': 'text/plain' } }),
      () => new Response(JSON.stringify(makeService({ name: 'New' })), { status: 200 }),
    ]);
    const api = new HttpAtelierApi('http://bff.test', async () => 'token-1', fetchImpl);
    expect(await api.services.logs('svc-1', 20)).to.deep.equal(['one', 'two']);
    expect(requests[0]!.url).to.equal('http://bff.test/api/services/svc-1/logs?lines=20');
    expect((requests[0]!.init.headers as Record<string, string>).Accept).to.equal('text/plain');
    expect((await api.services.rename('svc-1', 'New')).name).to.equal('New');
    expect(requests[1]!.init.method).to.equal('PATCH');
    expect(JSON.parse(requests[1]!.init.body as string)).to.deep.equal({ name: 'New' });
  });
});
