/**
 * One request's timing ground truth: when each step was due by the plan (or the engine's
 * schedule) and when its bytes were handed to the HTTP layer. Times are the server's monotonic
 * clock in ms. Recording a step writes two slots of a Float64Array sized from the plan's step
 * count when the request began: nothing is allocated per token.
 */

/** How a request ended (null while it runs). */
export const END_REASONS = [
  "done",
  "client_disconnect",
  "fault",
  "timeout",
  "error",
  "shutdown",
] as const;
export type EndReason = (typeof END_REASONS)[number];

/** What the route knows when the request starts to be timed. */
export interface TimingStart {
  requestId: string;
  /** Route pattern, e.g. /v1/chat/completions. */
  endpoint: string;
  model: string;
  stream: boolean;
  /** Latency mode that timed the request. */
  mode: "fixed" | "engine";
  /** Clock ms at arrival (the request context's arrivedAt). */
  arrivedMs: number;
  /** Steps the plan emits (a non-streamed request is timed as one step: its body). */
  steps: number;
  cachedTokens: number;
}

/** A record as plain, structured-cloneable data (what crosses isolates and what views read). */
export interface TimingRecordData {
  readonly requestId: string;
  readonly endpoint: string;
  readonly model: string;
  readonly worker: number;
  readonly stream: boolean;
  readonly mode: "fixed" | "engine";
  readonly arrivedMs: number;
  /** Wall-clock ms (Unix epoch) of the arrival, from the ledger's anchor. */
  readonly arrivedWall: number;
  readonly cachedTokens: number;
  /** Engine mode: ms spent waiting for a batch slot (null in fixed mode or before it started). */
  readonly queueMs: number | null;
  /** The stream fault injected into this request (x-fakeai-fault kind), or null. */
  readonly fault: string | null;
  readonly end: EndReason | null;
  /** Clock ms of the end (NaN while running). */
  readonly endedMs: number;
  /** Interleaved absolute clock ms: due of step k at 2k, sent at 2k + 1 (NaN: not known/sent). */
  readonly times: Float64Array;
}

/** A record's fields as a plain object (no methods, no callback): what postMessage can copy. */
export function plainTimingRecord(r: TimingRecordData): TimingRecordData {
  return {
    requestId: r.requestId,
    endpoint: r.endpoint,
    model: r.model,
    worker: r.worker,
    stream: r.stream,
    mode: r.mode,
    arrivedMs: r.arrivedMs,
    arrivedWall: r.arrivedWall,
    cachedTokens: r.cachedTokens,
    queueMs: r.queueMs,
    fault: r.fault,
    end: r.end,
    endedMs: r.endedMs,
    times: r.times,
  };
}

export class TimingRecord implements TimingRecordData {
  readonly requestId: string;
  readonly endpoint: string;
  readonly model: string;
  readonly stream: boolean;
  readonly mode: "fixed" | "engine";
  readonly arrivedMs: number;
  readonly cachedTokens: number;
  readonly times: Float64Array;
  queueMs: number | null = null;
  fault: string | null = null;
  end: EndReason | null = null;
  endedMs = NaN;
  /** Called with sent − due (ms) of every step sent (the lateness metric); null: none. */
  lateness: ((ms: number) => void) | null = null;

  constructor(start: TimingStart, readonly worker: number, readonly arrivedWall: number) {
    this.requestId = start.requestId;
    this.endpoint = start.endpoint;
    this.model = start.model;
    this.stream = start.stream;
    this.mode = start.mode;
    this.arrivedMs = start.arrivedMs;
    this.cachedTokens = start.cachedTokens;
    this.times = new Float64Array(2 * Math.max(1, start.steps)).fill(NaN);
  }

  get steps(): number {
    return this.times.length >> 1;
  }

  /** Step k is due at `at` (clock ms). */
  due(step: number, at: number): void {
    if (step < this.steps) this.times[2 * step] = at;
  }

  /** Step k's bytes were handed to the HTTP layer at `at` (clock ms). */
  sent(step: number, at: number): void {
    if (step >= this.steps) return;
    this.times[2 * step + 1] = at;
    const due = this.times[2 * step];
    if (this.lateness !== null && due === due) this.lateness(at - due);
  }

  /** The first end wins (later calls, e.g. cleanup after a fault, change nothing). */
  finish(reason: EndReason, at: number): void {
    if (this.end !== null) return;
    this.end = reason;
    this.endedMs = at;
  }

  get ended(): boolean {
    return this.end !== null;
  }
}
