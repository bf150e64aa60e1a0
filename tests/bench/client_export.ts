/**
 * The load client's per-request export: one JSON line per stream in FakeAI's client format
 * (`{"request_id", "ttft_ms", "itl_ms": [...]}`, docs/timing.md), which `fakeai timings compare`
 * and `parseClientTimings` read. Times are ms from when the request was written, rounded to the
 * microsecond; a stream that failed or carried no content has `"ttft_ms": null` (read as a record
 * without timings).
 */

/** One stream: its request id, when it was sent and the arrival time of each content event
 * (all `performance.now()` ms); `t0` is undefined when the stream failed. */
export interface StreamTimes {
  requestId: string;
  t0?: number;
  times: readonly number[];
}

const us = (ms: number) => Math.round(ms * 1000) / 1000;

export function timingLine({ requestId, t0, times }: StreamTimes): string {
  const ok = t0 !== undefined && times.length > 0;
  return JSON.stringify({
    request_id: requestId,
    ttft_ms: ok ? us(times[0] - t0) : null,
    itl_ms: ok ? times.slice(1).map((t, k) => us(t - times[k])) : [],
  });
}

/** The whole export, one line per stream, newline-terminated. */
export const timingLines = (streams: readonly StreamTimes[]) =>
  streams.map((s) => timingLine(s) + "\n").join("");
