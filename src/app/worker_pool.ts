/**
 * The main thread's side of `--workers N`: N − 1 Deno Workers, each a whole FakeAI app listening
 * on the main thread's port (SO_REUSEPORT: the kernel spreads connections). The pool starts them,
 * relays SIGHUP and SIGTERM, collects their metrics snapshots, and replaces a worker that crashes
 * (its connections drop, and whatever it had forwarded here is aborted).
 */
import type { Config } from "../config/schema.ts";
import type { TlsPem } from "./tls_files.ts";
import type { KvSharedState } from "../engine/kv/kv_cache.ts";
import type { Logger } from "../util/logger.ts";
import { type Handlers, IsolateLink, type MessageEndpoint } from "./isolate_link.ts";

/** Everything a worker isolate needs to build its app (sent with postMessage). */
export interface WorkerSetup {
  config: Config;
  /** The worker's number, from 1 (the main thread is 0). */
  index: number;
  /** The port the main thread bound (resolved when the configured port is 0). */
  port: number;
  tls: TlsPem | null;
  /** The main thread's performance.timeOrigin: every isolate's clock reads the same now(). */
  timeOrigin: number;
  /** Rate-limit buckets shared by every isolate (null: limits off or kept in Redis). */
  rateBuffer: SharedArrayBuffer | null;
  /** The owner's KV and prompt caches, in shared memory. */
  kv: KvSharedState;
  /** Counts the whole server keeps in shared memory (SHARED_COUNTS says which cell is which). */
  counts: SharedArrayBuffer;
}

/** The cells of WorkerSetup.counts. */
export const SHARED_COUNTS = { liveSubscribers: 0 } as const;
export const SHARED_COUNT_CELLS = Object.keys(SHARED_COUNTS).length;

/** What the owner does for one worker: its calls' handlers, and cleanup when it has gone. */
export interface WorkerService {
  handlers: Handlers;
  /** The worker has stopped (with its final metrics snapshot) or crashed (without). */
  gone(finalSnapshot?: unknown): void;
}

export interface WorkerPoolDeps {
  count: number;
  setup(index: number): WorkerSetup;
  serve(link: IsolateLink, index: number): WorkerService;
  logger: Logger;
  /** The worker module (tests give their own). */
  entry?: URL;
}

interface Slot {
  worker: Worker;
  link: IsolateLink;
  service: WorkerService;
  stopped: Promise<void>;
}

export const WORKER_MAIN = new URL("./worker_main.ts", import.meta.url);

export class WorkerPool {
  readonly #slots = new Map<number, Slot>();
  #stopping = false;
  #drained = () => {};
  /** Resolves once drain() has seen every worker stop. */
  readonly drained = new Promise<void>((resolve) => (this.#drained = resolve));

  constructor(private readonly deps: WorkerPoolDeps) {}

  /** Starts every worker; resolves when all listen, rejects with the first that could not. */
  async start(): Promise<void> {
    const started = [];
    for (let index = 1; index <= this.deps.count; index++) started.push(this.#spawn(index));
    await Promise.all(started);
  }

  get size(): number {
    return this.#slots.size;
  }

  /** Each live worker's answer to `method`, by worker (one that fails to answer is left out). */
  async collect<T>(method: string, payload?: unknown): Promise<Array<[number, T]>> {
    const slots = [...this.#slots.entries()];
    const answers = await Promise.allSettled(
      slots.map(([, slot]) => slot.link.call<T>(method, payload)),
    );
    return answers.flatMap((a, i) => (a.status === "fulfilled" ? [[slots[i][0], a.value]] : []));
  }

  /** A note to every live worker. */
  broadcast(method: string, payload: unknown): void {
    for (const slot of this.#slots.values()) slot.link.note(method, payload);
  }

  /** SIGTERM: every worker drains within its grace period; resolves when all have stopped. */
  async drain(signal: string): Promise<void> {
    this.#stopping = true;
    const slots = [...this.#slots.values()];
    for (const slot of slots) slot.link.note("drain", { signal });
    await Promise.all(slots.map((slot) => slot.stopped));
    this.#drained();
  }

  #spawn(index: number): Promise<void> {
    const { logger } = this.deps;
    const entry = this.deps.entry ?? WORKER_MAIN;
    const worker = new Worker(entry, { type: "module", name: `fakeai-worker-${index}` });
    const handlers: Handlers = {};
    const link = new IsolateLink(worker as unknown as MessageEndpoint, handlers);
    const service = this.deps.serve(link, index);
    let stopped!: () => void;
    const slot: Slot = {
      worker,
      link,
      service,
      stopped: new Promise<void>((resolve) => (stopped = resolve)),
    };
    this.#slots.set(index, slot);
    const ended = (finalSnapshot?: unknown) => {
      if (this.#slots.get(index) !== slot) return;
      this.#slots.delete(index);
      link.close();
      service.gone(finalSnapshot);
      worker.terminate();
      stopped();
    };
    let listening = false;
    return new Promise<void>((resolve, reject) => {
      Object.assign(handlers, service.handlers, {
        ready: () => {
          listening = true;
          resolve();
        },
        failed: (p: { message: string }) => {
          ended();
          reject(new Error(p.message));
        },
        stopped: (p: { snapshot: unknown }) => ended(p.snapshot),
      });
      worker.onerror = (event) => {
        event.preventDefault(); // or the error would end the main thread too
        logger.error("worker crashed", { worker: index, error: event.message });
        ended();
        if (!listening) {
          return reject(new Error(`worker ${index} failed to start: ${event.message}`));
        }
        if (this.#stopping) return;
        logger.info("replacing worker", { worker: index });
        this.#spawn(index).catch((err) =>
          logger.error("worker could not be replaced", { worker: index, error: String(err) })
        );
      };
      link.note("start", this.deps.setup(index));
    });
  }
}
