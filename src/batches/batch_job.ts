/** The types around a running batch: what the service needs, what a create asks, a job's state. */
import type { Clock, TimerHandle } from "../util/clock.ts";
import type { IdGenerator } from "../util/ids.ts";
import type { FileStore } from "../files/file_store.ts";
import type { BatchEndpoint, BatchLine } from "./batch_input.ts";
import type { BatchRecord } from "./batch_object.ts";
import type { LineResult } from "./batch_output.ts";
import type { Dispatch } from "./batch_line_runner.ts";

/** Simulated durations at speed-up 1 (real OpenAI takes about this long or longer). */
export const VALIDATING_MS = 2_000;
export const FINALIZING_MS = 2_000;
export const COMPLETION_WINDOW_MS = 24 * 3600 * 1000;
export const DEFAULT_CONCURRENCY = 4;

export interface BatchServiceDeps {
  clock: Clock;
  ids: IdGenerator;
  store: FileStore;
  dispatch: Dispatch;
  speedup: number;
  concurrency?: number;
  modelAllowed?: (model: string) => boolean;
  /** Aborted at shutdown: timers are cleared and running lines are cut. */
  shutdownSignal?: AbortSignal;
  /** While the server drains, no new line starts. */
  draining?: () => boolean;
}

export interface CreateBatchParams {
  input_file_id: string;
  endpoint: BatchEndpoint;
  metadata: Record<string, string> | null;
  outputExpiresAfterSeconds: number | null;
  forwardedHeaders: Record<string, string>;
}

/** The running state of one batch, next to its public record. */
export interface Job {
  record: BatchRecord;
  params: CreateBatchParams;
  lines: BatchLine[];
  cursor: number;
  inFlight: number;
  results: LineResult[];
  stopping: "cancelled" | "expired" | null;
  finishing: boolean;
  timer: TimerHandle | null;
  expiryTimer: TimerHandle | null;
}

export function newJob(record: BatchRecord, params: CreateBatchParams): Job {
  return {
    record,
    params,
    lines: [],
    cursor: 0,
    inFlight: 0,
    results: [],
    stopping: null,
    finishing: false,
    timer: null,
    expiryTimer: null,
  };
}
