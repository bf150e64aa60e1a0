/**
 * Reads a request body with a size limit enforced while reading (never buffering more) and a
 * deadline: a client that trickles its body (or stops half way) gets a 408 (`connection: close`)
 * instead of holding the request, and its buffers, forever.
 */
import type { Clock, TimerHandle } from "../util/clock.ts";
import { runBodyInspector } from "./body_inspection.ts";
import { errors } from "./errors.ts";

/** A body being read: its deadline, and its neighbours in the order the reads began. */
interface PendingRead {
  due: number;
  expire(): void;
  prev: PendingRead | null;
  next: PendingRead | null;
  waiting: boolean;
}

/**
 * Body deadlines of one app: every body being read waits in one list, swept once a second by a
 * single timer that stops at the first sweep with nothing pending (so under load one timer serves
 * every request, and an idle server has none). Every read gets the same allowance, so the list is
 * in deadline order: a sweep stops at the first read not yet due, and a finished read unlinks
 * itself without any hashing (a Set churned its table under load).
 */
export class BodyDeadlines {
  static readonly SWEEP_MS = 1_000;
  #oldest: PendingRead | null = null;
  #newest: PendingRead | null = null;
  #timer: TimerHandle | undefined;

  constructor(readonly seconds: number, private readonly clock: Clock) {}

  /** `read`, unless the deadline passes first: then `cancel` runs and a 408 is thrown. */
  race<T>(read: Promise<T>, cancel: () => void): Promise<T> {
    // One promise settled by whichever comes first (cheaper than Promise.race on the hot path).
    return new Promise<T>((resolve, reject) => {
      const entry: PendingRead = {
        due: this.clock.now() + this.seconds * 1000,
        expire: () => {
          cancel();
          reject(errors.bodyTimeout(this.seconds));
        },
        prev: this.#newest,
        next: null,
        waiting: true,
      };
      if (this.#newest) this.#newest.next = entry;
      else this.#oldest = entry;
      this.#newest = entry;
      this.#timer ??= this.clock.setTimer(this.#sweep, BodyDeadlines.SWEEP_MS);
      // The sweep that finds the list empty disarms: no timer call per request.
      read.then(
        (value) => {
          this.#unlink(entry);
          resolve(value);
        },
        (err) => {
          this.#unlink(entry);
          reject(err); // after expiry this is a no-op: the 408 has settled it
        },
      );
    });
  }

  #unlink(entry: PendingRead): void {
    if (!entry.waiting) return;
    entry.waiting = false;
    if (entry.prev) entry.prev.next = entry.next;
    else this.#oldest = entry.next;
    if (entry.next) entry.next.prev = entry.prev;
    else this.#newest = entry.prev;
    entry.prev = entry.next = null;
  }

  #sweep = (): void => {
    const now = this.clock.now();
    while (this.#oldest !== null && this.#oldest.due <= now) {
      const entry = this.#oldest;
      this.#unlink(entry);
      entry.expire();
    }
    this.#timer = this.#oldest !== null
      ? this.clock.setTimer(this.#sweep, BodyDeadlines.SWEEP_MS)
      : undefined;
  };
}

const deadlines = new WeakMap<Request, BodyDeadlines>();

/** Every body read of `request` must finish within the app's body deadline. */
export function setBodyDeadline(request: Request, watch: BodyDeadlines): void {
  deadlines.set(request, watch);
}

/** `read` raced against the request's deadline, when it has one. */
function beforeDeadline<T>(request: Request, read: Promise<T>, cancel: () => void): Promise<T> {
  const watch = deadlines.get(request);
  return watch ? watch.race(read, cancel) : read;
}

export interface JsonBody {
  body: Record<string, unknown>;
  /** Length of the body text in UTF-16 units (a cheap size for estimates). */
  length: number;
}

/**
 * The request's JSON body, read and parsed once per request however many readers ask (the rate
 * limiter estimates from it before the route reads it); failures repeat for every reader.
 */
const parsedBodies = new WeakMap<Request, Promise<JsonBody>>();

export async function readJsonBody(
  request: Request,
  maxBytes: number,
): Promise<Record<string, unknown>> {
  return (await readJsonBodyWithLength(request, maxBytes)).body;
}

export function readJsonBodyWithLength(request: Request, maxBytes: number): Promise<JsonBody> {
  let pending = parsedBodies.get(request);
  if (!pending) {
    pending = parseJsonBody(request, maxBytes);
    parsedBodies.set(request, pending);
  }
  return pending;
}

async function parseJsonBody(request: Request, maxBytes: number): Promise<JsonBody> {
  const contentType = request.headers.get("content-type");
  if (contentType !== null && !isJsonContentType(contentType)) {
    throw errors.unsupportedMediaType(contentType);
  }
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw errors.payloadTooLarge(maxBytes);
  // With a declared length within the limit the HTTP layer bounds the body: read it whole (the
  // hot path). Past the deadline the 408 goes out; the runtime drops the rest with the socket.
  const text = declared !== null
    ? await beforeDeadline(request, readText(request), () => {})
    : new TextDecoder().decode(await readBodyBytes(request, maxBytes));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw errors.invalidJson();
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw errors.bodyNotObject();
  }
  runBodyInspector(request, parsed as Record<string, unknown>);
  return { body: parsed as Record<string, unknown>, length: text.length };
}

function readText(request: Request): Promise<string> {
  return request.text().catch(() => {
    throw errors.bodyUnreadable();
  });
}

function isJsonContentType(value: string): boolean {
  if (value === "application/json") return true; // what clients send, checked without copies
  const mime = value.split(";")[0].trim().toLowerCase();
  return mime === "application/json" || mime.endsWith("+json") || mime === "text/json";
}

/** The raw body, at most maxBytes (413 beyond, detected while reading). */
export function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  return readBodyChunks(request, maxBytes, (chunk) => {
    chunks.push(chunk);
    total += chunk.byteLength;
  }).then(() => concat(chunks, total));
}

/**
 * Hands the body to `onChunk` as it arrives, at most maxBytes (413 beyond, detected while reading),
 * within the request's deadline: work on a large body is spread over its arrival.
 */
export function readBodyChunks(
  request: Request,
  maxBytes: number,
  onChunk: (chunk: Uint8Array) => void,
): Promise<void> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) {
    return Promise.reject(errors.payloadTooLarge(maxBytes));
  }
  if (!request.body) return Promise.resolve();
  const reader = request.body.getReader();
  return beforeDeadline(
    request,
    readEach(reader, maxBytes, onChunk),
    () => void reader.cancel().catch(() => {}),
  );
}

async function readEach(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  maxBytes: number,
  onChunk: (chunk: Uint8Array) => void,
): Promise<void> {
  let total = 0;
  for (;;) {
    let result: ReadableStreamReadResult<Uint8Array>;
    try {
      result = await reader.read();
    } catch {
      throw errors.bodyUnreadable();
    }
    if (result.done) return;
    total += result.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw errors.payloadTooLarge(maxBytes);
    }
    try {
      onChunk(result.value);
    } catch (err) {
      await reader.cancel().catch(() => {});
      throw err;
    }
  }
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
