/**
 * The wire form of a timing record (one JSON line of GET /v1/fakeai/timings): times as ms offsets
 * from the request's arrival, rounded to the microsecond, in parallel arrays (`due_ms[k]`,
 * `sent_ms[k]` of step k; null when not known or never sent). docs/timing.md documents it.
 */
import type { TimingRecordData } from "./timing_record.ts";

export interface TimingRecordJson {
  request_id: string;
  endpoint: string;
  model: string;
  worker: number;
  stream: boolean;
  mode: "fixed" | "engine";
  arrived_at: string;
  arrived_ms: number;
  ttft_ms: number | null;
  cached_tokens: number;
  queue_ms: number | null;
  fault: string | null;
  end: string | null;
  duration_ms: number | null;
  steps: number;
  steps_sent: number;
  due_ms: Array<number | null>;
  sent_ms: Array<number | null>;
}

/** ms rounded to the microsecond; null for NaN. */
export function roundMs(ms: number): number | null {
  return ms === ms ? Math.round(ms * 1000) / 1000 : null;
}

export function timingRecordJson(r: TimingRecordData): TimingRecordJson {
  const steps = r.times.length >> 1;
  const due: Array<number | null> = new Array(steps);
  const sent: Array<number | null> = new Array(steps);
  let sentCount = 0;
  for (let k = 0; k < steps; k++) {
    due[k] = roundMs(r.times[2 * k] - r.arrivedMs);
    sent[k] = roundMs(r.times[2 * k + 1] - r.arrivedMs);
    if (sent[k] !== null) sentCount++;
  }
  return {
    request_id: r.requestId,
    endpoint: r.endpoint,
    model: r.model,
    worker: r.worker,
    stream: r.stream,
    mode: r.mode,
    arrived_at: new Date(Math.round(r.arrivedWall)).toISOString(),
    arrived_ms: roundMs(r.arrivedMs)!,
    ttft_ms: due[0],
    cached_tokens: r.cachedTokens,
    queue_ms: r.queueMs === null ? null : roundMs(r.queueMs),
    fault: r.fault,
    end: r.end,
    duration_ms: roundMs(r.endedMs - r.arrivedMs),
    steps,
    steps_sent: sentCount,
    due_ms: due,
    sent_ms: sent,
  };
}
