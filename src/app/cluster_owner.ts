/**
 * The main thread of `--workers N` owns what the whole server shares: the shared memory of the
 * rate-limit buckets and of the KV and prompt caches (which every isolate then works on itself),
 * files and batches (workers forward those routes here), stored responses and images (workers
 * call the stores), abuse bans, and the metrics views (merged from every isolate's snapshot at
 * each scrape). It also serves connections itself.
 */
import type { Config } from "../config/schema.ts";
import type { Engine } from "../engine/engine.ts";
import type { KvEvent } from "../engine/kv/kv_worker.ts";
import {
  type RegistrySnapshot,
  type WorkerShare,
  workerShare,
} from "../metrics/registry_snapshot.ts";
import { mergedRegistry, type MetricsRegistry } from "../metrics/registry.ts";
import type { App } from "../server/app_env.ts";
import { SharedMemoryRateLimitStore } from "../traffic/rate_limit/shared_memory_store.ts";
import type { Logger } from "../util/logger.ts";
import type { ClusterWiring } from "./create_app.ts";
import type { IsolateLink } from "./isolate_link.ts";
import { ForwardedRequestRunner } from "./request_forwarding.ts";
import type { TlsPem } from "./tls_files.ts";
import {
  SHARED_COUNT_CELLS,
  SHARED_COUNTS,
  WorkerPool,
  type WorkerService,
} from "./worker_pool.ts";
import { SharedCount } from "../util/shared_count.ts";
import { ImageStore, imageStoreLimits } from "../modalities/images/image_store.ts";
import { servedObject } from "./remote_object.ts";
import { IMAGE_METHODS, RESPONSE_METHODS } from "./owned_routes.ts";
import { AbuseTracker } from "../traffic/security/abuse_tracker.ts";
import { mergeSelections, type TimingLedger, type TimingQuery } from "../timing/timing_ledger.ts";
import type { TimingRecordData } from "../timing/timing_record.ts";
import { errors } from "../server/errors.ts";
import { abuseOptionsOf, securityFeatures } from "../traffic/security/security_config.ts";

export class ClusterOwner {
  readonly pool: WorkerPool;
  readonly wiring: ClusterWiring;
  readonly #rateBuffer: SharedArrayBuffer | null;
  readonly #abuse: AbuseTracker | null;
  readonly #images: ImageStore;
  #app: App | null = null;
  #metrics: MetricsRegistry | null = null;
  #timingLedger: TimingLedger | null = null;
  #port = 0;
  #tls: TlsPem | null = null;
  readonly #logger: Logger;
  /** The last snapshot each worker sent (a replaced worker's counts stay in the totals). */
  readonly #snapshots = new Map<number, RegistrySnapshot>();

  constructor(
    config: Config,
    private readonly engine: Engine,
    logger: Logger,
    workers: number,
  ) {
    this.#logger = logger;
    this.#images = new ImageStore(engine.clock, imageStoreLimits(config));
    const sharedBuckets = config.rateLimitEnabled && config.redisUrl === null;
    this.#rateBuffer = sharedBuckets ? SharedMemoryRateLimitStore.allocate() : null;
    this.#abuse = securityFeatures(config).abuseDetection
      ? new AbuseTracker({
        clock: engine.clock,
        options: abuseOptionsOf(config),
        onEvent: (event) => this.#metrics?.abuse.inc([event]),
        onBan: (client, until) => this.pool.broadcast("abuse.ban", { client, until }),
      })
      : null;
    const counts = new SharedArrayBuffer(SHARED_COUNT_CELLS * Int32Array.BYTES_PER_ELEMENT);
    this.wiring = {
      worker: 0,
      abuse: this.#abuse ?? undefined,
      images: this.#images,
      liveSubscribers: new SharedCount(new Int32Array(counts), SHARED_COUNTS.liveSubscribers),
      rateStore: this.#rateBuffer
        ? new SharedMemoryRateLimitStore(this.#rateBuffer, engine.clock)
        : undefined,
      scrape: () => this.scrape(),
      workerShares: () => this.workerShares(),
      timings: (query) => this.timings(query),
    };
    this.pool = new WorkerPool({
      count: workers,
      logger,
      setup: (index) => ({
        config,
        index,
        port: this.#port,
        tls: this.#tls,
        timeOrigin: performance.timeOrigin,
        rateBuffer: this.#rateBuffer,
        kv: engine.kv.shared,
        counts,
      }),
      serve: (link, index) => this.#serveWorker(link, index),
    });
  }

  /** The app that runs forwarded requests, the registry merged into every scrape, the ledger. */
  attach(
    app: App,
    metrics: MetricsRegistry | null,
    timingLedger: TimingLedger | null = null,
  ): void {
    this.#app = app;
    this.#metrics = metrics;
    this.#timingLedger = timingLedger;
  }

  /**
   * The whole server's timing records: this isolate's and every live worker's selection, merged
   * by arrival (the /v1/fakeai/timings routes are forwarded here). A worker that does not answer
   * makes it a 503, never a silently partial answer.
   */
  async timings(query: TimingQuery): Promise<TimingRecordData[]> {
    const own = this.#timingLedger?.select(query) ?? [];
    const live = this.pool.size;
    const answers = await this.pool.collect<TimingRecordData[]>("timings", query);
    if (answers.length < live) throw errors.timingRecordsIncomplete(live - answers.length);
    return mergeSelections([own, ...answers.map(([, records]) => records)], query);
  }

  /** Starts the workers on the port the main thread has bound. */
  start(port: number, tls: TlsPem | null): Promise<void> {
    this.#port = port;
    this.#tls = tls;
    return this.pool.start();
  }

  /** The whole server's metrics: this isolate's registry merged with every worker's snapshot. */
  async scrape(): Promise<MetricsRegistry | null> {
    if (!this.#metrics) return null;
    const answers = await this.pool.collect<RegistrySnapshot | null>("snapshot");
    for (const [index, snapshot] of answers) if (snapshot) this.#snapshots.set(index, snapshot);
    return this.latest();
  }

  /** Each isolate's requests and open streams at the last scrape (the main thread is 0). */
  workerShares(): WorkerShare[] {
    const own = this.#metrics?.snapshot();
    const shares = own ? [workerShare(0, own)] : [];
    for (const [index, snapshot] of [...this.#snapshots].sort((a, b) => a[0] - b[0])) {
      shares.push(workerShare(index, snapshot));
    }
    return shares;
  }

  /**
   * The merge with each worker's last known snapshot (a worker sends its final one when it
   * stops, so after a drain this is exact).
   */
  latest(): MetricsRegistry | null {
    const own = this.#metrics;
    if (!own) return null;
    const deps = { clock: own.clock, windowSeconds: own.windowSeconds, kvCache: own.kvCache };
    return mergedRegistry(deps, [own.snapshot(), ...this.#snapshots.values()]);
  }

  #serveWorker(link: IsolateLink, index: number): WorkerService {
    const app = this.#app!;
    const runner = new ForwardedRequestRunner(link, (request) => app.fetch(request));
    const kv = this.engine.kv;
    return {
      handlers: {
        ...runner.handlers,
        ...servedObject("images", this.#images, IMAGE_METHODS),
        ...servedObject("responses", this.engine.responses, RESPONSE_METHODS),
        scrape: async () => (await this.scrape())?.snapshot() ?? null,
        "abuse.violation": (p: { client: string; requestId: string }) => {
          const ban = this.#abuse?.recordViolation(p.client);
          if (!ban) return;
          this.#logger.warn("client banned", {
            client: p.client,
            ban_seconds: ban.banMs / 1000,
            offenses: ban.offenses,
            request_id: p.requestId,
          });
        },
        "kv.event": (event: KvEvent) => kv.relay(event),
      },
      gone: (final) => {
        if (final) this.#snapshots.set(index, final as RegistrySnapshot);
        runner.abortAll();
      },
    };
  }
}
