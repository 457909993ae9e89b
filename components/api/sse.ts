/**
 * A server-sent events parser, as the HTML standard describes it (§9.2.6), fed with text
 * chunks as they arrive. Pure: no DOM, no network.
 */

export interface SseMessage {
  /** The `event:` field, `message` when absent. */
  event: string;
  data: string;
  /** The last event ID in effect when this message was dispatched. */
  id: string;
}

export class SseParser {
  /** The last `id:` seen (sent back as `Last-Event-ID` on reconnection, if wanted). */
  lastEventId = '';
  /** The last valid `retry:` (milliseconds), if any. */
  retry: number | undefined;

  #buffer = '';
  #data: string[] = [];
  #event = '';
  #sawCarriageReturn = false;
  #started = false;

  /** Feeds a chunk of text; returns the messages it completed, in order. */
  push(chunk: string): SseMessage[] {
    let text = chunk;
    if (!this.#started && text.length > 0) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    // A CR ending the previous chunk and a LF starting this one are one line break.
    if (this.#sawCarriageReturn && text.startsWith('\n')) text = text.slice(1);
    this.#sawCarriageReturn = text.endsWith('\r');

    const messages: SseMessage[] = [];
    this.#buffer += text;
    const lineBreak = /\r\n|\r|\n/g;
    let start = 0;
    for (let match = lineBreak.exec(this.#buffer); match; match = lineBreak.exec(this.#buffer)) {
      // A CR at the very end may be the first half of a CRLF still in flight: it is a
      // line break either way, and the LF is dropped when the next chunk starts with it.
      const message = this.#line(this.#buffer.slice(start, match.index));
      if (message) messages.push(message);
      start = lineBreak.lastIndex;
    }
    this.#buffer = this.#buffer.slice(start);
    return messages;
  }

  #line(line: string): SseMessage | undefined {
    if (line === '') return this.#dispatch();
    if (line.startsWith(':')) return undefined; // a comment (heartbeat)
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.#event = value;
        break;
      case 'data':
        this.#data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
        break; // unknown fields are ignored
    }
    return undefined;
  }

  #dispatch(): SseMessage | undefined {
    const data = this.#data;
    const event = this.#event;
    this.#data = [];
    this.#event = '';
    if (data.length === 0) return undefined;
    return { event: event || 'message', data: data.join('\n'), id: this.lastEventId };
  }
}
