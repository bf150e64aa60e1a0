/**
 * RESP2, the Redis wire protocol: commands are encoded as arrays of bulk strings; replies are
 * parsed incrementally from whatever chunks the socket delivers (a reply may span many reads,
 * and one read may hold many replies).
 */

/** An error reply (`-ERR ...`): a value here; the client turns it into an exception. */
export class RespError {
  constructor(readonly message: string) {}
  /** The error's first word: ERR, NOSCRIPT, WRONGTYPE, NOAUTH ... */
  get code(): string {
    return this.message.split(" ", 1)[0];
  }
}

export type RespValue = string | number | null | RespError | RespValue[];

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const CR = 13;
const LF = 10;

export function encodeCommand(args: readonly (string | number)[]): Uint8Array {
  // One string, one encode: RESP needs byte lengths, which UTF-8 length gives per argument.
  let text = `*${args.length}\r\n`;
  for (const arg of args) {
    const value = String(arg);
    text += `$${utf8Length(value)}\r\n${value}\r\n`;
  }
  return encoder.encode(text);
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4; // a surrogate pair: one 4-byte character
      i++;
    } else bytes += 3; // including a lone surrogate, which encodes as U+FFFD
  }
  return bytes;
}

/** Thrown when the byte stream is not RESP2: the connection cannot be trusted any more. */
export class RespProtocolError extends Error {}

const INCOMPLETE = Symbol("incomplete");
type Step = { value: RespValue; end: number } | typeof INCOMPLETE;

export class RespParser {
  #buffer = new Uint8Array(0);
  #offset = 0;

  /** Adds bytes; returns every reply that is now complete, in order. */
  push(chunk: Uint8Array): RespValue[] {
    this.#append(chunk);
    const replies: RespValue[] = [];
    for (;;) {
      const step = this.#parse(this.#offset);
      if (step === INCOMPLETE) break;
      replies.push(step.value);
      this.#offset = step.end;
    }
    return replies;
  }

  #append(chunk: Uint8Array): void {
    const rest = this.#buffer.subarray(this.#offset);
    const merged = new Uint8Array(rest.byteLength + chunk.byteLength);
    merged.set(rest, 0);
    merged.set(chunk, rest.byteLength);
    this.#buffer = merged;
    this.#offset = 0;
  }

  #parse(at: number): Step {
    const lineEnd = this.#lineEnd(at);
    if (lineEnd === -1) return INCOMPLETE;
    const type = this.#buffer[at];
    const line = decoder.decode(this.#buffer.subarray(at + 1, lineEnd));
    const next = lineEnd + 2;
    switch (type) {
      case 0x2b: // '+'
        return { value: line, end: next };
      case 0x2d: // '-'
        return { value: new RespError(line), end: next };
      case 0x3a: // ':'
        return { value: integer(line), end: next };
      case 0x24: { // '$'
        const length = integer(line);
        if (length === -1) return { value: null, end: next };
        if (length < 0) throw new RespProtocolError(`bad bulk length ${length}`);
        if (this.#buffer.byteLength < next + length + 2) return INCOMPLETE;
        if (this.#buffer[next + length] !== CR || this.#buffer[next + length + 1] !== LF) {
          throw new RespProtocolError("bulk string not followed by CRLF");
        }
        const value = decoder.decode(this.#buffer.subarray(next, next + length));
        return { value, end: next + length + 2 };
      }
      case 0x2a: { // '*'
        const count = integer(line);
        if (count === -1) return { value: null, end: next };
        if (count < 0) throw new RespProtocolError(`bad array length ${count}`);
        const items: RespValue[] = [];
        let end = next;
        for (let i = 0; i < count; i++) {
          const item = this.#parse(end);
          if (item === INCOMPLETE) return INCOMPLETE;
          items.push(item.value);
          end = item.end;
        }
        return { value: items, end };
      }
      default:
        throw new RespProtocolError(`unexpected reply type byte ${type}`);
    }
  }

  /** Index of the CR of the first CRLF at or after `from`, or -1. */
  #lineEnd(from: number): number {
    const b = this.#buffer;
    for (let i = from; i + 1 < b.byteLength; i++) {
      if (b[i] === CR && b[i + 1] === LF) return i;
    }
    return -1;
  }
}

function integer(text: string): number {
  if (!/^-?\d+$/.test(text)) throw new RespProtocolError(`not an integer: "${text}"`);
  return Number(text);
}
