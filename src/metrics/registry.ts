/**
 * The metrics registry: fed by events from the request path and the engine, read by the views.
 * Recording is O(1) and allocates nothing once a model's or endpoint's series exist: events
 * update kept series handles; sorting, quantiles and rendering wait for a scrape. With several
 * isolates, each records into its own registry; at a scrape their snapshots are absorbed into a
 * fresh one (mergedRegistry), which the views render.
 */
import type { Clock } from "../util/clock.ts";
import {
  type CounterSeries,
  type CounterSnapshot,
  type HistogramSeries,
  type HistogramSnapshot,
  LabeledCounter,
  LabeledHistogram,
} from "./labeled.ts";
import {
  FAKEAI_ITL_BUCKETS,
  FAKEAI_TTFT_BUCKETS,
  LATENESS_BUCKETS,
  REQUEST_DURATION_BUCKETS,
  VLLM_ITL_BUCKETS,
  VLLM_REQUEST_LATENCY_BUCKETS,
  VLLM_TOKEN_BUCKETS,
  VLLM_TTFT_BUCKETS,
} from "./metric_definitions.ts";
import {
  addGauges,
  byName,
  COUNTER_MODEL_LABEL,
  COUNTER_NAMES,
  type CounterName,
  HISTOGRAM_MODEL_LABEL,
  HISTOGRAM_NAMES,
  modelRelabel,
  orderBy,
  type RegistrySnapshot,
} from "./registry_snapshot.ts";
import { EndpointSeries, ModelSeries } from "./series_handles.ts";
import { WindowedSeries } from "./windowed_series.ts";

export interface KvCacheStats {
  hitRate: number;
  tokenReuseRate: number;
  avgPrefixLength: number;
  totalLookups: number;
  cacheHits: number;
  /** Fraction of KV blocks in use, 0..1. */
  usage: number;
}

export const NO_KV_CACHE: KvCacheStats = Object.freeze({
  hitRate: 0,
  tokenReuseRate: 0,
  avgPrefixLength: 0,
  totalLookups: 0,
  cacheHits: 0,
  usage: 0,
});

/** Model label values beyond this many distinct models are reported as "other". */
const MAX_MODEL_LABELS = 100;

export interface RequestEvent {
  /** Route pattern, e.g. /v1/models/:id — never the raw path. */
  endpoint: string;
  method: string;
  status: number;
  model?: string;
  latencySeconds: number;
  /** OpenAI error type or code, for non-2xx responses. */
  errorType?: string;
  /** Tokens the request used, as its access fields tell (absent: none). */
  promptTokens?: number;
  completionTokens?: number;
}

export interface GenerationEvent {
  model: string;
  promptTokens: number;
  completionTokens: number;
  finishReason: string;
  ttftSeconds: number;
  e2eSeconds: number;
  queueSeconds: number;
  /** Real stream (ITL recorded per token elsewhere) or planned schedule (non-streamed). */
  itlSeconds?: readonly number[];
}

/** The registry's cumulative counters, by field name (what metrics persistence restores). */
export type CumulativeCounter = CounterName;

export interface RestoredCounter {
  counter: CumulativeCounter;
  /** Label values in the counter's key order. */
  labels: readonly string[];
  value: number;
}

export interface MetricsRegistryDeps {
  clock: Clock;
  /** Seconds covered by the rolling windows (FAKEAI_METRICS_WINDOW_SIZE). */
  windowSeconds: number;
  /** Live KV-cache statistics, read at each scrape (the engine owns them); zeros when absent. */
  kvCache?: () => KvCacheStats;
}

export class MetricsRegistry {
  readonly clock: Clock;
  readonly windowSeconds: number;
  #startedAtWall: number;
  /** Dates the first sight of a series, model or endpoint: merged snapshots keep that order. */
  readonly #now = (): number => this.clock.now();
  // cumulative
  readonly requests = new LabeledCounter(this.#now);
  readonly errors = new LabeledCounter(this.#now);
  readonly tokens = new LabeledCounter(this.#now);
  readonly streams = new LabeledCounter(this.#now);
  readonly finished = new LabeledCounter(this.#now);
  readonly requestDuration = new LabeledHistogram(REQUEST_DURATION_BUCKETS, this.#now);
  readonly streamTtft = new LabeledHistogram(FAKEAI_TTFT_BUCKETS, this.#now);
  readonly streamItl = new LabeledHistogram(FAKEAI_ITL_BUCKETS, this.#now);
  readonly vllmTtft = new LabeledHistogram(VLLM_TTFT_BUCKETS, this.#now);
  readonly vllmItl = new LabeledHistogram(VLLM_ITL_BUCKETS, this.#now);
  readonly vllmTpot = new LabeledHistogram(VLLM_ITL_BUCKETS, this.#now);
  readonly vllmE2e = new LabeledHistogram(VLLM_REQUEST_LATENCY_BUCKETS, this.#now);
  readonly vllmQueue = new LabeledHistogram(VLLM_REQUEST_LATENCY_BUCKETS, this.#now);
  readonly vllmPrefill = new LabeledHistogram(VLLM_REQUEST_LATENCY_BUCKETS, this.#now);
  readonly vllmDecode = new LabeledHistogram(VLLM_REQUEST_LATENCY_BUCKETS, this.#now);
  readonly vllmPromptTokens = new LabeledHistogram(VLLM_TOKEN_BUCKETS, this.#now);
  readonly vllmGenerationTokens = new LabeledHistogram(VLLM_TOKEN_BUCKETS, this.#now);
  /** Timing ledger: sent minus due of each step, by endpoint and model. */
  readonly tokenLateness = new LabeledHistogram(LATENESS_BUCKETS, this.#now);
  /** Prefix-cache lookups and hits in tokens, by model (fed by the KV cache). */
  readonly prefixQueries = new LabeledCounter(this.#now);
  readonly prefixHits = new LabeledCounter(this.#now);
  /** Rate-limit decisions by kind: allowed, throttled_requests, throttled_tokens. */
  readonly rateLimit = new LabeledCounter(this.#now);
  /** Abuse detection events by kind: violations, bans, blocked. */
  readonly abuse = new LabeledCounter(this.#now);
  /** Rate-limit store (Redis) calls that failed; the failure policy decided instead. */
  rateLimitBackendErrors = 0;
  /** Live view of the KV cache, which the engine owns. */
  readonly kvCache: () => KvCacheStats;
  // gauges
  activeStreams = 0;
  readonly running = new Map<string, number>();
  readonly waiting = new Map<string, number>();
  // windows
  readonly latencyByEndpoint = new Map<string, WindowedSeries>();
  readonly ttftWindow: WindowedSeries;
  /** Gaps between tokens, streamed or planned (the live view's ITL percentiles). */
  readonly itlWindow: WindowedSeries;
  readonly streamTpsWindow: WindowedSeries;
  readonly tokensWindow: WindowedSeries;
  readonly outcomesWindow: WindowedSeries;
  /** Timing ledger: sent − due of each step in seconds, early steps as 0 (the live view's). */
  readonly latenessWindow: WindowedSeries;

  /** Model labels seen so far (bounded), with the clock ms each was first seen at. */
  readonly #models = new Map<string, number>();
  /** Series handles by model id as requested (bounded: ids past it are resolved by label). */
  readonly #seriesByModel = new Map<string, ModelSeries>();
  readonly #seriesByLabel = new Map<string, ModelSeries>();
  readonly #endpoints = new Map<string, EndpointSeries>();
  /** errors_total series by error type, or by status for errors without a type. */
  readonly #errors = new Map<string | number, CounterSeries>();
  readonly #streamOutcomes = new Map<string, CounterSeries>();

  /** Model labels seen so far (bounded). */
  get modelLabels(): string[] {
    return [...this.#models.keys()];
  }

  /** Wall-clock ms when recording began (the earliest registry's, once snapshots are absorbed). */
  get startedAtWall(): number {
    return this.#startedAtWall;
  }

  constructor(deps: MetricsRegistryDeps) {
    const { clock, windowSeconds } = deps;
    this.clock = clock;
    this.windowSeconds = windowSeconds;
    this.kvCache = deps.kvCache ?? (() => NO_KV_CACHE);
    this.#startedAtWall = clock.wallNow();
    this.ttftWindow = new WindowedSeries(windowSeconds);
    this.itlWindow = new WindowedSeries(windowSeconds);
    this.streamTpsWindow = new WindowedSeries(windowSeconds);
    this.tokensWindow = new WindowedSeries(windowSeconds);
    this.outcomesWindow = new WindowedSeries(windowSeconds);
    this.latenessWindow = new WindowedSeries(windowSeconds);
  }

  /** A bounded label value for a model id. */
  modelLabel(model: string | undefined): string {
    if (!model) return "";
    if (this.#models.has(model)) return model;
    if (this.#models.size >= MAX_MODEL_LABELS) return "other";
    this.#models.set(model, this.clock.now());
    return model;
  }

  /** Seeds cumulative counters with a previous run's values (before serving), so they continue. */
  restore(counters: readonly RestoredCounter[]): void {
    for (const { counter, labels, value } of counters) this[counter].inc(labels, value);
  }

  request(e: RequestEvent): void {
    const now = this.clock.now();
    const model = this.#seriesOf(e.model ?? "");
    const endpoint = this.#endpoint(e.endpoint);
    endpoint.requests(e.method, e.status, model.label).value++;
    this.requestDuration.add(endpoint.duration, e.latencySeconds);
    endpoint.window.record(e.latencySeconds, now);
    endpoint.promptTokens += e.promptTokens ?? 0;
    endpoint.completionTokens += e.completionTokens ?? 0;
    const failed = e.status >= 400;
    if (failed) this.#error(e.errorType, e.status).value++;
    // avg of this window is the recent error share (1 = error, 0 = success).
    this.outcomesWindow.record(failed ? 1 : 0, now);
  }

  /** Engine mode: a request waits in a worker's queue. */
  requestQueued(model: string): void {
    const label = this.#seriesOf(model).label;
    this.waiting.set(label, (this.waiting.get(label) ?? 0) + 1);
  }

  requestDequeued(model: string): void {
    const label = this.#seriesOf(model).label;
    this.waiting.set(label, Math.max(0, (this.waiting.get(label) ?? 1) - 1));
  }

  generationStarted(model: string): void {
    const label = this.#seriesOf(model).label;
    this.running.set(label, (this.running.get(label) ?? 0) + 1);
  }

  generationFinished(e: GenerationEvent): void {
    const model = this.#seriesOf(e.model);
    this.running.set(model.label, Math.max(0, (this.running.get(model.label) ?? 1) - 1));
    const g = model.generation;
    g.promptTokens.value += e.promptTokens;
    g.completionTokens.value += e.completionTokens;
    this.tokensWindow.record(e.completionTokens, this.clock.now());
    model.finished(e.finishReason).value++;
    this.vllmPromptTokens.add(g.vllmPromptTokens, e.promptTokens);
    this.vllmGenerationTokens.add(g.vllmGenerationTokens, e.completionTokens);
    this.vllmTtft.add(g.vllmTtft, e.ttftSeconds);
    this.vllmE2e.add(g.vllmE2e, e.e2eSeconds);
    this.vllmQueue.add(g.vllmQueue, e.queueSeconds);
    this.vllmPrefill.add(g.vllmPrefill, Math.max(0, e.ttftSeconds - e.queueSeconds));
    this.vllmDecode.add(g.vllmDecode, Math.max(0, e.e2eSeconds - e.ttftSeconds));
    if (e.completionTokens > 1) {
      const tpot = (e.e2eSeconds - e.ttftSeconds) / (e.completionTokens - 1);
      this.vllmTpot.add(model.vllmTpot, tpot);
    }
    const gaps = e.itlSeconds;
    if (gaps && gaps.length > 0) {
      const itl = model.vllmItl;
      const now = this.clock.now();
      for (let i = 0; i < gaps.length; i++) {
        this.vllmItl.add(itl, gaps[i]);
        this.itlWindow.record(gaps[i], now);
      }
    }
  }

  /** A prefix-cache lookup of `promptTokens`, `cachedTokens` of them found (fed by the KV cache). */
  prefixLookup(model: string, promptTokens: number, cachedTokens: number): void {
    const prefix = this.#seriesOf(model).prefix;
    prefix.queries.value += promptTokens;
    prefix.hits.value += cachedTokens;
  }

  streamStarted(): void {
    this.activeStreams++;
  }

  streamFirstToken(model: string, ttftSeconds: number): void {
    this.streamTtft.add(this.#seriesOf(model).streamTtft, ttftSeconds);
    this.ttftWindow.record(ttftSeconds, this.clock.now());
  }

  /**
   * One streamed token `gapSeconds` after the previous one (hot: one call per token). Callers
   * that know the time pass it: a clock read costs about as much as the rest of the call.
   */
  streamToken(model: string, gapSeconds: number, nowMs = this.clock.now()): void {
    this.streamTokens(model, gapSeconds, 1, nowMs);
  }

  /**
   * `count` streamed tokens, each `gapSeconds` after the one before, at the cost of one: tokens
   * written together in one chunk all follow the first with a gap of 0.
   */
  streamTokens(model: string, gapSeconds: number, count: number, nowMs: number): void {
    const series = this.#seriesOf(model);
    this.streamItl.addMany(series.streamItl, gapSeconds, count);
    this.vllmItl.addMany(series.vllmItl, gapSeconds, count);
    this.itlWindow.recordMany(gapSeconds, count, nowMs);
  }

  /** Prompt and completion tokens of an endpoint's requests so far (0 for an unseen endpoint). */
  endpointTokens(endpoint: string): { prompt: number; completion: number } {
    const series = this.#endpoints.get(endpoint);
    return { prompt: series?.promptTokens ?? 0, completion: series?.completionTokens ?? 0 };
  }

  /** The lateness series of one endpoint and model (looked up once per request, then kept). */
  latenessSeries(endpoint: string, model: string): HistogramSeries {
    return this.tokenLateness.series([endpoint, this.#seriesOf(model).label]);
  }

  /**
   * One step sent `seconds` after it was due (timing ledger on; hot: one call per step). The
   * histogram keeps early steps (up to 0.5 ms) in its `le="0"` bucket; the window counts them as 0.
   */
  stepLateness(series: HistogramSeries, seconds: number): void {
    this.tokenLateness.add(series, seconds);
    this.latenessWindow.record(seconds > 0 ? seconds : 0, this.clock.now());
  }

  streamEnded(outcome: "completed" | "failed", tokensPerSecond: number | null): void {
    this.activeStreams = Math.max(0, this.activeStreams - 1);
    let series = this.#streamOutcomes.get(outcome);
    if (!series) this.#streamOutcomes.set(outcome, series = this.streams.series([outcome]));
    series.value++;
    if (tokensPerSecond !== null) this.streamTpsWindow.record(tokensPerSecond, this.clock.now());
  }

  /** Everything the views read, as plain structured-cloneable data (scrape time only). */
  snapshot(): RegistrySnapshot {
    const now = this.clock.now();
    return {
      windowSeconds: this.windowSeconds,
      startedAtWall: this.#startedAtWall,
      models: [...this.#models.keys()],
      modelsSeenAt: Float64Array.from(this.#models.values()),
      counters: byName(COUNTER_NAMES, (name): CounterSnapshot => this[name].snapshot()),
      histograms: byName(HISTOGRAM_NAMES, (name): HistogramSnapshot => this[name].snapshot()),
      rateLimitBackendErrors: this.rateLimitBackendErrors,
      activeStreams: this.activeStreams,
      running: [...this.running],
      waiting: [...this.waiting],
      endpoints: [...this.latencyByEndpoint].map(([endpoint, window]) => {
        const series = this.#endpoints.get(endpoint)!;
        return {
          endpoint,
          createdAt: series.createdAt,
          latency: window.snapshot(now),
          promptTokens: series.promptTokens,
          completionTokens: series.completionTokens,
        };
      }),
      ttftWindow: this.ttftWindow.snapshot(now),
      itlWindow: this.itlWindow.snapshot(now),
      streamTpsWindow: this.streamTpsWindow.snapshot(now),
      tokensWindow: this.tokensWindow.snapshot(now),
      outcomesWindow: this.outcomesWindow.snapshot(now),
      latenessWindow: this.latenessWindow.snapshot(now),
    };
  }

  /**
   * Adds another registry's snapshot into this one: counters, histograms and gauges add up per
   * label set, windows merge slot by slot, and series, model labels and endpoints take the place
   * their first sight (anywhere) gives them. Linear in the number of series.
   */
  absorb(s: RegistrySnapshot): void {
    if (s.windowSeconds !== this.windowSeconds) {
      throw new RangeError(
        `a ${s.windowSeconds} s registry merged into a ${this.windowSeconds} s one`,
      );
    }
    const renames = this.#admitModels(s.models, s.modelsSeenAt);
    for (const name of COUNTER_NAMES) {
      this[name].absorb(s.counters[name], modelRelabel(COUNTER_MODEL_LABEL[name], renames));
    }
    for (const name of HISTOGRAM_NAMES) {
      this[name].absorb(s.histograms[name], modelRelabel(HISTOGRAM_MODEL_LABEL[name], renames));
    }
    // After requestDuration: a new endpoint finds its duration series, dated by the snapshot.
    for (const { endpoint, createdAt, latency, promptTokens, completionTokens } of s.endpoints) {
      const series = this.#endpoint(endpoint, createdAt);
      series.createdAt = Math.min(series.createdAt, createdAt);
      series.window.absorb(latency);
      series.promptTokens += promptTokens;
      series.completionTokens += completionTokens;
    }
    orderBy(this.latencyByEndpoint, (endpoint) => this.#endpoints.get(endpoint)!.createdAt);
    this.rateLimitBackendErrors += s.rateLimitBackendErrors;
    this.activeStreams += s.activeStreams;
    addGauges(this.running, s.running, renames);
    addGauges(this.waiting, s.waiting, renames);
    this.ttftWindow.absorb(s.ttftWindow);
    this.itlWindow.absorb(s.itlWindow);
    this.streamTpsWindow.absorb(s.streamTpsWindow);
    this.tokensWindow.absorb(s.tokensWindow);
    this.outcomesWindow.absorb(s.outcomesWindow);
    this.latenessWindow.absorb(s.latenessWindow);
    this.#startedAtWall = Math.min(this.#startedAtWall, s.startedAtWall);
  }

  /**
   * Absorbs several snapshots, admitting their model labels in the order first seen across all of
   * them: past the label bound, the earliest models keep their labels, as in one registry.
   */
  absorbAll(snapshots: readonly RegistrySnapshot[]): void {
    const seen = snapshots.flatMap((s) =>
      s.models.map((model, i) => ({ model, at: s.modelsSeenAt[i] }))
    );
    seen.sort((a, b) => a.at - b.at);
    this.#admitModels(seen.map((m) => m.model), seen.map((m) => m.at));
    for (const snapshot of snapshots) this.absorb(snapshot);
  }

  /**
   * Registers a snapshot's model labels by when they were first seen; returns those past the
   * label bound, which this registry reports as "other".
   */
  #admitModels(models: readonly string[], seenAt: ArrayLike<number>): Map<string, string> {
    const renames = new Map<string, string>();
    for (let i = 0; i < models.length; i++) {
      const known = this.#models.get(models[i]);
      if (known !== undefined) this.#models.set(models[i], Math.min(known, seenAt[i]));
      else if (this.#models.size < MAX_MODEL_LABELS) this.#models.set(models[i], seenAt[i]);
      else renames.set(models[i], "other");
    }
    orderBy(this.#models, (_, seen) => seen);
    return renames;
  }

  /** The kept series of a model id (registering its label on first sight, as modelLabel does). */
  #seriesOf(model: string): ModelSeries {
    let series = this.#seriesByModel.get(model);
    if (series) return series;
    const label = this.modelLabel(model);
    series = this.#seriesByLabel.get(label);
    if (!series) this.#seriesByLabel.set(label, series = new ModelSeries(label, this));
    if (this.#seriesByModel.size < MAX_MODEL_LABELS * 2) this.#seriesByModel.set(model, series);
    return series;
  }

  /** An endpoint's series; `createdAt` dates a new one merged from a snapshot (else: now). */
  #endpoint(endpoint: string, createdAt?: number): EndpointSeries {
    let series = this.#endpoints.get(endpoint);
    if (!series) {
      const window = new WindowedSeries(this.windowSeconds);
      this.latencyByEndpoint.set(endpoint, window);
      const duration = this.requestDuration.series([endpoint]);
      series = new EndpointSeries(
        endpoint,
        createdAt ?? this.clock.now(),
        duration,
        window,
        this.requests,
      );
      this.#endpoints.set(endpoint, series);
    }
    return series;
  }

  #error(errorType: string | undefined, status: number): CounterSeries {
    const key = errorType ?? status;
    let series = this.#errors.get(key);
    if (!series) {
      series = this.errors.series([errorType ?? `http_${status}`]);
      this.#errors.set(key, series);
    }
    return series;
  }
}

/** A fresh registry holding the sum of `snapshots`: the whole server, to render at a scrape. */
export function mergedRegistry(
  deps: MetricsRegistryDeps,
  snapshots: readonly RegistrySnapshot[],
): MetricsRegistry {
  const merged = new MetricsRegistry(deps);
  merged.absorbAll(snapshots);
  return merged;
}
