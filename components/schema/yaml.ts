/**
 * A compact YAML reader and writer for what people type into a launch form's free-form
 * fields (objects without `properties`, arrays without `items`): block mappings and
 * sequences, flow `{…}` and `[…]` (so JSON too, on one line or several), plain, quoted and
 * block (`|`, `>`) scalars, comments. Anchors, aliases, tags and multi-document streams
 * are refused with a clear error rather than guessed at. Errors name the line.
 */

export type YamlProblem = 'tab' | 'indent' | 'colon' | 'unclosed' | 'duplicate' | 'unsupported' | 'unexpected';

export class YamlError extends Error {
  constructor(
    readonly line: number,
    readonly problem: YamlProblem,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = 'YamlError';
  }
}

interface Line {
  indent: number;
  /** Without indentation, comment and trailing spaces. */
  text: string;
  /** The whole line as typed (block scalars keep it). */
  raw: string;
  number: number;
}

export function parseYaml(source: string): unknown {
  if (/^\s*[[{]/.test(source)) {
    try {
      return JSON.parse(source) as unknown; // pasted JSON, which may be indented with tabs
    } catch {
      // not JSON: read it as YAML flow, which says where it is wrong
    }
  }
  const lines = source.split(/\r?\n/).map((raw, index): Line => {
    const indent = raw.length - raw.replace(/^ +/, '').length;
    if (/^ *\t/.test(raw) && raw.trim() !== '') throw new YamlError(index + 1, 'tab');
    return { indent, text: stripComment(raw.slice(indent)).trimEnd(), raw, number: index + 1 };
  });
  const reader = new Reader(lines.filter((line) => line.text !== '' && !/^---\s*$/.test(line.text)), lines);
  if (!reader.peek()) return null;
  const value = reader.node(0);
  const rest = reader.peek();
  if (rest) throw new YamlError(rest.number, rest.indent > 0 ? 'indent' : 'unexpected');
  return value;
}

class Reader {
  #at = 0;
  constructor(
    private readonly lines: Line[],
    private readonly all: Line[],
  ) {}

  peek(): Line | undefined {
    return this.lines[this.#at];
  }

  node(minIndent: number): unknown {
    const line = this.peek();
    if (!line || line.indent < minIndent) return null;
    if (isDash(line.text)) return this.sequence(line.indent);
    if (keyOf(line.text)) return this.mapping(line.indent);
    this.#at++;
    return this.inline(line.text, line);
  }

  private mapping(indent: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (let line = this.peek(); line && line.indent === indent && !isDash(line.text); line = this.peek()) {
      const entry = keyOf(line.text);
      if (!entry) throw new YamlError(line.number, 'colon');
      if (Object.hasOwn(result, entry.key)) throw new YamlError(line.number, 'duplicate');
      this.#at++;
      result[entry.key] = this.value(entry.rest, line, indent, true);
    }
    const next = this.peek();
    if (next && next.indent > indent) throw new YamlError(next.number, 'indent');
    return result;
  }

  private sequence(indent: number): unknown[] {
    const result: unknown[] = [];
    for (let line = this.peek(); line && line.indent === indent && isDash(line.text); line = this.peek()) {
      const rest = line.text.slice(1).replace(/^ +/, '');
      if (rest !== '' && (isDash(rest) || keyOf(rest))) {
        // `- key: value` or `- - item`: the rest is a node indented at its own column.
        this.lines[this.#at] = { ...line, indent: indent + line.text.length - rest.length, text: rest };
        result.push(this.node(0));
      } else {
        this.#at++;
        result.push(this.value(rest, line, indent, false));
      }
    }
    const next = this.peek();
    if (next && next.indent > indent) throw new YamlError(next.number, 'indent');
    return result;
  }

  /** The value after `key:` or `-`: inline, a block scalar, or a nested block. */
  private value(rest: string, line: Line, indent: number, inMapping: boolean): unknown {
    if (/^[|>][+-]?$/.test(rest)) return this.blockScalar(rest, line, indent);
    if (rest !== '') return this.inline(rest, line);
    const next = this.peek();
    if (next && next.indent > indent) return this.node(indent + 1);
    if (next && inMapping && next.indent === indent && isDash(next.text)) return this.sequence(indent);
    return null;
  }

  /** A scalar or a flow collection, which may go on over the following lines. */
  inline(text: string, line: Line): unknown {
    if (/^[&*!%]/.test(text)) throw new YamlError(line.number, 'unsupported');
    if (text.startsWith('{') || text.startsWith('[')) {
      let source = text;
      while (!balanced(source)) {
        const next = this.peek();
        if (!next) throw new YamlError(line.number, 'unclosed');
        this.#at++;
        source += ` ${next.text}`;
      }
      const flow = new Flow(source, line.number);
      const value = flow.value();
      flow.end();
      return value;
    }
    if (text.startsWith('"') || text.startsWith("'")) {
      const flow = new Flow(text, line.number);
      const value = flow.quoted();
      flow.end();
      return value;
    }
    return plainScalar(text);
  }

  private blockScalar(header: string, line: Line, indent: number): string {
    const start = line.number; // the next raw line
    const raw: string[] = [];
    let index = start;
    for (; index < this.all.length; index++) {
      const candidate = this.all[index]!;
      if (candidate.raw.trim() !== '' && candidate.indent <= indent) break;
      raw.push(candidate.raw);
    }
    while (this.peek() && this.peek()!.number <= index) this.#at++;
    const contentIndent = Math.min(...raw.filter((text) => text.trim() !== '').map((text) => text.length - text.trimStart().length));
    const body = raw.map((text) => (text.trim() === '' ? '' : text.slice(contentIndent)));
    while (body.length > 0 && body[body.length - 1] === '') body.pop();
    const folded = header.startsWith('>')
      ? body.reduce((all, text, i) => (i === 0 ? text : all + (text === '' || body[i - 1] === '' ? '\n' : ' ') + text), '')
      : body.join('\n');
    const chomp = header.slice(1);
    if (chomp === '-') return folded;
    return body.length === 0 ? '' : `${folded}\n`;
  }
}

class Flow {
  #at = 0;
  constructor(
    private readonly source: string,
    private readonly line: number,
  ) {}

  value(): unknown {
    this.space();
    const char = this.source[this.#at];
    if (char === '{') return this.map();
    if (char === '[') return this.list();
    if (char === '"' || char === "'") return this.quoted();
    if (char === undefined) throw new YamlError(this.line, 'unclosed');
    if ('&*!'.includes(char)) throw new YamlError(this.line, 'unsupported');
    return plainScalar(this.plain(false));
  }

  end(): void {
    this.space();
    if (this.#at < this.source.length) throw new YamlError(this.line, 'unexpected');
  }

  quoted(): string {
    const quote = this.source[this.#at++]!;
    let result = '';
    for (;;) {
      const char = this.source[this.#at++];
      if (char === undefined) throw new YamlError(this.line, 'unclosed');
      if (char === quote) {
        if (quote === "'" && this.source[this.#at] === "'") {
          result += "'";
          this.#at++;
          continue;
        }
        return result;
      }
      if (char === '\\' && quote === '"') {
        const escape = this.source[this.#at++];
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '/': '/', '0': '\0', b: '\b', f: '\f' };
        if (escape === 'u') {
          result += String.fromCharCode(parseInt(this.source.slice(this.#at, this.#at + 4), 16));
          this.#at += 4;
        } else if (escape !== undefined && escape in simple) result += simple[escape];
        else throw new YamlError(this.line, 'unexpected');
        continue;
      }
      result += char;
    }
  }

  private map(): Record<string, unknown> {
    this.#at++;
    const result: Record<string, unknown> = {};
    for (;;) {
      this.space();
      if (this.eat('}')) return result;
      const key = this.source[this.#at] === '"' || this.source[this.#at] === "'" ? this.quoted() : this.plain(true);
      this.space();
      if (!this.eat(':')) throw new YamlError(this.line, 'colon');
      if (Object.hasOwn(result, key)) throw new YamlError(this.line, 'duplicate');
      this.space();
      result[key] = this.source[this.#at] === ',' || this.source[this.#at] === '}' ? null : this.value();
      this.space();
      if (this.eat(',')) continue;
      if (this.eat('}')) return result;
      throw new YamlError(this.line, 'unclosed');
    }
  }

  private list(): unknown[] {
    this.#at++;
    const result: unknown[] = [];
    for (;;) {
      this.space();
      if (this.eat(']')) return result;
      result.push(this.value());
      this.space();
      if (this.eat(',')) continue;
      if (this.eat(']')) return result;
      throw new YamlError(this.line, 'unclosed');
    }
  }

  /** A plain scalar in a flow: up to `,`, `]`, `}` (and, for a key, `:`). */
  private plain(isKey: boolean): string {
    const start = this.#at;
    while (this.#at < this.source.length) {
      const char = this.source[this.#at]!;
      if (',]}'.includes(char)) break;
      if (char === ':' && (isKey || /[\s,\]}]/.test(this.source[this.#at + 1] ?? ' '))) break;
      this.#at++;
    }
    return this.source.slice(start, this.#at).trim();
  }

  private space(): void {
    while (/\s/.test(this.source[this.#at] ?? '')) this.#at++;
  }

  private eat(char: string): boolean {
    if (this.source[this.#at] !== char) return false;
    this.#at++;
    return true;
  }
}

function isDash(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

/** `key: rest` (key plain or quoted), or null when the line is not a mapping entry. */
function keyOf(text: string): { key: string; rest: string } | null {
  const quoted = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')\s*:(?:\s+|$)(.*)$/.exec(text);
  if (quoted) return { key: new Flow(quoted[1]!, 0).quoted(), rest: quoted[2]!.trim() };
  if (/^[{["'&*!|>%@`]/.test(text)) return null;
  const plain = /^([^#]*?)\s*:(?:\s+|$)(.*)$/.exec(text);
  return plain && plain[1] !== '' ? { key: plain[1]!, rest: plain[2]!.trim() } : null;
}

function plainScalar(text: string): unknown {
  if (text === '' || text === '~' || /^(null|Null|NULL)$/.test(text)) return null;
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  if (/^[-+]?(\d+|\d*\.\d+|\d+\.\d*)([eE][-+]?\d+)?$/.test(text)) return Number(text);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return parseInt(text, 16);
  return text;
}

/** The text before a `#` comment (one at the start, or after a space, outside quotes). */
function stripComment(text: string): string {
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === '\\' && quote === '"') i++;
      else if (char === quote) quote = '';
    } else if (char === '"' || char === "'") {
      if (i === 0 || /[\s:[{,-]/.test(text[i - 1]!)) quote = char;
    } else if (char === '#' && (i === 0 || /\s/.test(text[i - 1]!))) return text.slice(0, i);
  }
  return text;
}

/** Whether the brackets of a flow collection close (quotes respected). */
function balanced(text: string): boolean {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === '\\' && quote === '"') i++;
      else if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') depth--;
  }
  return depth <= 0;
}

/** YAML for a value, in block style (`{}` and `[]` when empty), two spaces per level. */
export function stringifyYaml(value: unknown): string {
  return lines(value, '').join('\n');
}

function lines(value: unknown, indent: string): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return ['[]'];
    return value.flatMap((item) => {
      const [first = '', ...rest] = isContainer(item) ? lines(item, `${indent}  `).map((text, i) => (i === 0 ? text.trimStart() : text)) : [scalar(item)];
      return [`${indent}- ${first}`, ...rest];
    });
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return ['{}'];
    return entries.flatMap(([key, item]) =>
      isContainer(item) ? [`${indent}${scalar(key)}:`, ...lines(item, `${indent}  `)] : [`${indent}${scalar(key)}: ${scalar(item)}`],
    );
  }
  return [`${indent}${scalar(value)}`];
}

function isContainer(value: unknown): boolean {
  return value !== null && typeof value === 'object' && Object.keys(value as object).length > 0;
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object') return '{}';
  if (typeof value !== 'string') return String(value);
  const safe = /^[A-Za-z_/.][\w ./@+=,;()-]*$/.test(value) && !/\s$/.test(value) && plainScalar(value) === value;
  return safe ? value : JSON.stringify(value);
}
