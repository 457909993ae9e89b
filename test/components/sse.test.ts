import { expect } from '@open-wc/testing';
import { applyServiceEvent, reconnectDelay, serviceEventFromMessage } from '../../components/api/service-events.js';
import { SseParser } from '../../components/api/sse.js';
import { makeService } from './fixtures.js';

describe('SSE parser', () => {
  it('parses events with names, multi-line data, ids and retry', () => {
    const parser = new SseParser();
    const messages = parser.push('event: snapshot\ndata: [1,\ndata: 2]\nid: 7\nretry: 3000\n\n');
    expect(messages).to.deep.equal([{ event: 'snapshot', data: '[1,\n2]', id: '7' }]);
    expect(parser.retry).to.equal(3000);
  });

  it('ignores comments (heartbeats) and data-less blocks; defaults the event name to message', () => {
    const parser = new SseParser();
    expect(parser.push(':\n\n: heartbeat\n\nevent: service\n\n')).to.deep.equal([]);
    expect(parser.push('data:x\n\n')).to.deep.equal([{ event: 'message', data: 'x', id: '' }]);
  });

  it('handles chunks split anywhere, CRLF and CR line ends, and a BOM', () => {
    const text = '\uFEFFevent: deleted\r\ndata: {"id":"a"}\r\n\r\nevent: deleted\rdata: {"id":"b"}\r\r';
    for (let size = 1; size <= text.length; size += 1) {
      const parser = new SseParser();
      const messages = [];
      for (let i = 0; i < text.length; i += size) messages.push(...parser.push(text.slice(i, i + size)));
      expect(messages.map((message) => message.data), `chunks of ${size}`).to.deep.equal(['{"id":"a"}', '{"id":"b"}']);
    }
  });

  it('keeps an incomplete event until its blank line arrives', () => {
    const parser = new SseParser();
    expect(parser.push('event: service\ndata: {"a"')).to.deep.equal([]);
    expect(parser.push(':1}\n')).to.deep.equal([]);
    expect(parser.push('\n')).to.deep.equal([{ event: 'service', data: '{"a":1}', id: '' }]);
  });
});

describe('service events', () => {
  it('turns SSE messages into service events, skipping what it does not understand', () => {
    const service = makeService();
    expect(serviceEventFromMessage({ event: 'snapshot', data: JSON.stringify([service]), id: '' })).to.deep.equal({ type: 'snapshot', services: [service] });
    expect(serviceEventFromMessage({ event: 'service', data: JSON.stringify(service), id: '' })).to.deep.equal({ type: 'service', service });
    expect(serviceEventFromMessage({ event: 'deleted', data: '{"id":"x"}', id: '' })).to.deep.equal({ type: 'deleted', id: 'x' });
    expect(serviceEventFromMessage({ event: 'service', data: 'not json', id: '' })).to.equal(null);
    expect(serviceEventFromMessage({ event: 'other', data: '{}', id: '' })).to.equal(null);
  });

  it('applies events to a list, newest first', () => {
    const old = makeService({ id: 'a', createdAt: '2026-01-01T00:00:00Z' });
    const recent = makeService({ id: 'b', createdAt: '2026-02-01T00:00:00Z' });
    let list = applyServiceEvent([], { type: 'snapshot', services: [old, recent] });
    expect(list.map((service) => service.id)).to.deep.equal(['b', 'a']);
    list = applyServiceEvent(list, { type: 'service', service: { ...old, status: 'failed' } });
    expect(list.find((service) => service.id === 'a')!.status).to.equal('failed');
    expect(list).to.have.length(2);
    list = applyServiceEvent(list, { type: 'deleted', id: 'b' });
    expect(list.map((service) => service.id)).to.deep.equal(['a']);
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(reconnectDelay(0, () => 0)).to.equal(1000);
    expect(reconnectDelay(3, () => 0)).to.equal(8000);
    expect(reconnectDelay(3, () => 1)).to.equal(4000);
    expect(reconnectDelay(20, () => 0)).to.equal(30000);
  });
});
