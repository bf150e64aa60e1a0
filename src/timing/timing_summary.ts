/**
 * GET /v1/fakeai/timings/summary: what a client benchmark tool should reproduce, per model and
 * endpoint, from the ledger's sent times. TTFT = first step sent − arrival and ITL = gaps between
 * consecutive sent steps (streamed requests); TPOT = (last sent − first sent) ÷ (steps sent − 1)
 * per streamed request with at least two; lateness = sent − due of every sent step (streamed and
 * not). Percentiles are nearest-rank: the ⌈q·n⌉-th smallest value.
 */
import { roundMs } from "./timing_json.ts";
import type { TimingRecordData } from "./timing_record.ts";

export interface Distribution {
  count: number;
  min: number | null;
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

export interface TimingGroupSummary {
  model: string;
  endpoint: string;
  requests: number;
  streamed: number;
  /** Requests by end reason ("running" while not ended). */
  ends: Record<string, number>;
  ttft_ms: Distribution;
  itl_ms: Distribution;
  tpot_ms: Distribution;
  lateness_ms: Distribution;
}

/** Nearest-rank percentile of ascending `sorted` (non-empty). */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1];
}

export function distribution(values: number[]): Distribution {
  if (values.length === 0) {
    return { count: 0, min: null, mean: null, p50: null, p90: null, p99: null, max: null };
  }
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    min: roundMs(sorted[0]),
    mean: roundMs(sum / sorted.length),
    p50: roundMs(percentile(sorted, 0.5)),
    p90: roundMs(percentile(sorted, 0.9)),
    p99: roundMs(percentile(sorted, 0.99)),
    max: roundMs(sorted[sorted.length - 1]),
  };
}

interface Group {
  model: string;
  endpoint: string;
  requests: number;
  streamed: number;
  ends: Record<string, number>;
  ttft: number[];
  itl: number[];
  tpot: number[];
  lateness: number[];
}

/**
 * One summary per (model, endpoint), in the order each pair first arrived. `pause` runs between
 * records (the route passes a time slicer: a full ledger holds millions of steps).
 */
export async function summarizeTimings(
  records: Iterable<TimingRecordData>,
  pause: () => Promise<void> = () => Promise.resolve(),
): Promise<TimingGroupSummary[]> {
  const groups = new Map<string, Group>();
  for (const r of records) {
    await pause();
    const key = `${r.model}\n${r.endpoint}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        model: r.model,
        endpoint: r.endpoint,
        requests: 0,
        streamed: 0,
        ends: {},
        ttft: [],
        itl: [],
        tpot: [],
        lateness: [],
      };
      groups.set(key, g);
    }
    addRecord(g, r);
  }
  return [...groups.values()].map((g) => ({
    model: g.model,
    endpoint: g.endpoint,
    requests: g.requests,
    streamed: g.streamed,
    ends: g.ends,
    ttft_ms: distribution(g.ttft),
    itl_ms: distribution(g.itl),
    tpot_ms: distribution(g.tpot),
    lateness_ms: distribution(g.lateness),
  }));
}

function addRecord(g: Group, r: TimingRecordData): void {
  g.requests++;
  const end = r.end ?? "running";
  g.ends[end] = (g.ends[end] ?? 0) + 1;
  const t = r.times;
  const steps = t.length >> 1;
  let first = NaN;
  let previous = NaN;
  let sentSteps = 0;
  for (let k = 0; k < steps; k++) {
    const due = t[2 * k];
    const sent = t[2 * k + 1];
    if (sent !== sent) continue;
    if (due === due) g.lateness.push(sent - due);
    if (!r.stream) continue;
    sentSteps++;
    if (first !== first) first = sent;
    else g.itl.push(sent - previous);
    previous = sent;
  }
  if (!r.stream) return;
  g.streamed++;
  if (first === first) g.ttft.push(first - r.arrivedMs);
  if (sentSteps >= 2) g.tpot.push((previous - first) / (sentSteps - 1));
}
