import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** The few XML documents the embedded S3 gateway writes itself, in S3's own shapes. */
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_match, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[entity]!;
  });
}

/** `<name>text</name>`, or nothing for undefined. */
export function element(name: string, content: string | number | boolean | undefined, raw = false): string {
  if (content === undefined) return '';
  const text = typeof content === 'string' && !raw ? escapeXml(content) : String(content);
  return `<${name}>${text}</${name}>`;
}

export function sendXml(res: ServerResponse, status: number, body: string): void {
  const text = XML_HEAD + body;
  res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(text) });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

/** An S3 error document: what every S3 client understands. */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'S3Error';
  }
}

export function sendError(res: ServerResponse, error: S3Error, resource: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `<Error>${element('Code', error.code)}${element('Message', error.message)}${element('Resource', resource)}${element('RequestId', randomBytes(8).toString('hex').toUpperCase())}</Error>`;
  sendXml(res, error.status, body);
}
