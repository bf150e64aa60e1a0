/**
 * A metrics registry's state as plain, structured-cloneable data: what each isolate hands the main
 * thread at scrape time, to be added into one registry that the views render (a whole-server view
 * from per-isolate recording). Data only; MetricsRegistry takes and absorbs snapshots.
 */
import type { CounterSnapshot, HistogramSnapshot, Relabel } from "./labeled.ts";
import type { WindowedSeriesSnapshot } from "./windowed_series.ts";

/** The registry's labeled counters, with the position of the model label in their keys (-1: none). */
export const COUNTER_MODEL_LABEL = {
  requests: 3, // endpoint, method, status, model
  errors: -1,
  tokens: 0,
  streams: -1,
  finished: 0,
  prefixQueries: 0,
  prefixHits: 0,
  rateLimit: -1,
  abuse: -1,
} as const;

/** The registry's labeled histograms, with the position of the model label in their keys. */
export const HISTOGRAM_MODEL_LABEL = {
  requestDuration: -1,
  streamTtft: 0,
  streamItl: 0,
  vllmTtft: 0,
  vllmItl: 0,
  vllmTpot: 0,
  vllmE2e: 0,
  vllmQueue: 0,
  vllmPrefill: 0,
  vllmDecode: 0,
  vllmPromptTokens: 0,
  vllmGenerationTokens: 0,
  tokenLateness: 1, // endpoint, model
} as const;

export type CounterName = keyof typeof COUNTER_MODEL_LABEL;
export type HistogramName = keyof typeof HISTOGRAM_MODEL_LABEL;

export const COUNTER_NAMES = Object.keys(COUNTER_MODEL_LABEL) as CounterName[];
export const HISTOGRAM_NAMES = Object.keys(HISTOGRAM_MODEL_LABEL) as HistogramName[];

export interface EndpointSnapshot {
  readonly endpoint: string;
  /** Clock ms when the endpoint was first seen. */
  readonly createdAt: number;
  readonly latency: WindowedSeriesSnapshot;
  /** Prompt and completion tokens of the endpoint's requests (cumulative). */
  readonly promptTokens: number;
  readonly completionTokens: number;
}

export interface RegistrySnapshot {
  readonly windowSeconds: number;
  readonly startedAtWall: number;
  /** Model labels in the order first seen, and when (clock ms) each was. */
  readonly models: readonly string[];
  readonly modelsSeenAt: Float64Array;
  readonly counters: Readonly<Record<CounterName, CounterSnapshot>>;
  readonly histograms: Readonly<Record<HistogramName, HistogramSnapshot>>;
  readonly rateLimitBackendErrors: number;
  readonly activeStreams: number;
  /** Engine-mode gauges by model label. */
  readonly running: ReadonlyArray<readonly [string, number]>;
  readonly waiting: ReadonlyArray<readonly [string, number]>;
  readonly endpoints: readonly EndpointSnapshot[];
  readonly ttftWindow: WindowedSeriesSnapshot;
  readonly itlWindow: WindowedSeriesSnapshot;
  readonly streamTpsWindow: WindowedSeriesSnapshot;
  readonly tokensWindow: WindowedSeriesSnapshot;
  readonly outcomesWindow: WindowedSeriesSnapshot;
  readonly latenessWindow: WindowedSeriesSnapshot;
}

/**
 * Label values with the model label at `position` renamed by `renames` (models this registry
 * reports as "other"); undefined when nothing is renamed, so absorbing keeps the labels as they are.
 */
export function modelRelabel(
  position: number,
  renames: ReadonlyMap<string, string>,
): Relabel | undefined {
  if (position < 0 || renames.size === 0) return undefined;
  return (labels) => {
    const renamed = renames.get(labels[position]);
    if (renamed === undefined) return labels;
    const out = labels.slice();
    out[position] = renamed;
    return out;
  };
}

/** An object with one value per name. */
export function byName<N extends string, V>(
  names: readonly N[],
  value: (name: N) => V,
): Record<N, V> {
  const out = {} as Record<N, V>;
  for (const name of names) out[name] = value(name);
  return out;
}

/** Adds gauges by model label into `gauges`, renaming the models `renames` names. */
export function addGauges(
  gauges: Map<string, number>,
  added: Iterable<readonly [string, number]>,
  renames: ReadonlyMap<string, string>,
): void {
  for (const [model, value] of added) {
    const label = renames.get(model) ?? model;
    gauges.set(label, (gauges.get(label) ?? 0) + value);
  }
}

/** Re-inserts a map's entries in the order of `time` (stable), unless they already are in it. */
export function orderBy<K, V>(map: Map<K, V>, time: (key: K, value: V) => number): void {
  const entries = [...map];
  const sorted = entries.every(([k, v], i) => i === 0 || time(...entries[i - 1]) <= time(k, v));
  if (sorted) return;
  entries.sort((a, b) => time(...a) - time(...b));
  map.clear();
  for (const [key, value] of entries) map.set(key, value);
}

/** One isolate's part of a multi-worker server's traffic, as its snapshot tells. */
export interface WorkerShare {
  worker: number;
  requests: number;
  active_streams: number;
}

export function workerShare(worker: number, snapshot: RegistrySnapshot): WorkerShare {
  let requests = 0;
  for (const value of snapshot.counters.requests.values) requests += value;
  return { worker, requests, active_streams: snapshot.activeStreams };
}
