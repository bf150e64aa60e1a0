/**
 * A client's timings against the server's ledger, request by request: what the client measured
 * minus what the server sent, for the first token, each inter-token gap and the last token. The
 * offset's mean is what the client (its network, event loop, parsing) adds; its spread is the
 * jitter it adds.
 */
import type { ClientTiming, ClientTimings } from "./client_timings.ts";
import { percentile } from "./timing_summary.ts";

/** One request as the server's ledger saw it: times its bytes were handed to the socket. */
export interface ServerTiming {
  requestId: string;
  /** Arrival, Unix epoch ms. */
  arrivedMs: number;
  /** First sent minus arrival. */
  ttftMs: number;
  /** Gaps between successive sends. */
  gapsMs: number[];
}

export interface Distribution {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  min: number;
  max: number;
  stdev: number;
}

export interface MetricComparison {
  metric: "ttft_ms" | "itl_ms" | "last_token_ms";
  client: Distribution;
  server: Distribution;
  /** Client minus server, pair by pair. */
  offset: Distribution;
}

export interface TimingComparison {
  format: ClientTimings["format"];
  pairedBy: "request_id" | "start_time";
  paired: number;
  /** Client records without timings (failed, cancelled). */
  skipped: number;
  /** Client requests the ledger does not hold (evicted, or sent elsewhere). */
  unmatched: number;
  /** Paired requests whose gap counts differ (the client counts chunks, not tokens): no ITL pairs. */
  itlMismatched: number;
  metrics: MetricComparison[];
}

/** Start times within this of an arrival pair up when the client export has no request ids. */
export const START_TOLERANCE_MS = 1000;

export function compareTimings(
  client: ClientTimings,
  server: readonly ServerTiming[],
): TimingComparison {
  const byId = client.records.every((r) => r.requestId !== undefined);
  const pairs = byId ? pairById(client.records, server) : pairByStart(client.records, server);
  const values = { ttft_ms: [[], []], itl_ms: [[], []], last_token_ms: [[], []] } as Record<
    MetricComparison["metric"],
    [number[], number[]]
  >;
  let itlMismatched = 0;
  for (const [c, s] of pairs) {
    values.ttft_ms[0].push(c.ttftMs);
    values.ttft_ms[1].push(s.ttftMs);
    values.last_token_ms[0].push(c.ttftMs + sum(c.gapsMs));
    values.last_token_ms[1].push(s.ttftMs + sum(s.gapsMs));
    if (c.gapsMs.length !== s.gapsMs.length) {
      itlMismatched++;
      continue;
    }
    values.itl_ms[0].push(...c.gapsMs);
    values.itl_ms[1].push(...s.gapsMs);
  }
  const metrics = (Object.keys(values) as MetricComparison["metric"][]).map((metric) => {
    const [c, s] = values[metric];
    return {
      metric,
      client: distribution(c),
      server: distribution(s),
      offset: distribution(c.map((v, i) => v - s[i])),
    };
  });
  return {
    format: client.format,
    pairedBy: byId ? "request_id" : "start_time",
    paired: pairs.length,
    skipped: client.skipped,
    unmatched: client.records.length - pairs.length,
    itlMismatched,
    metrics,
  };
}

function pairById(
  client: readonly ClientTiming[],
  server: readonly ServerTiming[],
): [ClientTiming, ServerTiming][] {
  const index = new Map(server.map((s) => [s.requestId, s]));
  return client.flatMap((c) => {
    const s = index.get(c.requestId!);
    return s ? [[c, s] as [ClientTiming, ServerTiming]] : [];
  });
}

/** Each client record takes the nearest unused server arrival within the tolerance. */
function pairByStart(
  client: readonly ClientTiming[],
  server: readonly ServerTiming[],
): [ClientTiming, ServerTiming][] {
  const arrivals = [...server].sort((a, b) => a.arrivedMs - b.arrivedMs);
  const used = new Uint8Array(arrivals.length);
  const out: [ClientTiming, ServerTiming][] = [];
  const starts = client.filter((c) => c.startMs !== undefined)
    .sort((a, b) => a.startMs! - b.startMs!);
  let from = 0;
  for (const c of starts) {
    while (from < arrivals.length && arrivals[from].arrivedMs < c.startMs! - START_TOLERANCE_MS) {
      from++;
    }
    let best = -1;
    for (let i = from; i < arrivals.length; i++) {
      const distance = Math.abs(arrivals[i].arrivedMs - c.startMs!);
      if (arrivals[i].arrivedMs > c.startMs! + START_TOLERANCE_MS) break;
      if (!used[i] && (best < 0 || distance < Math.abs(arrivals[best].arrivedMs - c.startMs!))) {
        best = i;
      }
    }
    if (best < 0) continue;
    used[best] = 1;
    out.push([c, arrivals[best]]);
  }
  return out;
}

/** Mean, spread and percentiles (nearest rank, as the ledger's own summary reports them). */
export function distribution(values: readonly number[]): Distribution {
  const n = values.length;
  if (n === 0) {
    return { count: 0, mean: NaN, p50: NaN, p90: NaN, p99: NaN, min: NaN, max: NaN, stdev: NaN };
  }
  const sorted = Float64Array.from(values).sort();
  const mean = sum(values) / n;
  const variance = values.reduce((acc, v) => acc + (v - mean) ** 2, 0) / n;
  return {
    count: n,
    mean,
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    min: sorted[0],
    max: sorted[n - 1],
    stdev: Math.sqrt(variance),
  };
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

const LABELS: Record<MetricComparison["metric"], string> = {
  ttft_ms: "TTFT (ms)",
  itl_ms: "ITL (ms)",
  last_token_ms: "last token (ms)",
};

/** The comparison as a table a person reads. */
export function formatComparison(report: TimingComparison): string {
  const pairing = report.pairedBy === "request_id" ? "by request id" : "by start time";
  const lines = [
    `${report.paired} requests paired ${pairing} (${report.format} export); ` +
    `${report.unmatched} client requests not in the ledger, ${report.skipped} client records without timings` +
    (report.itlMismatched > 0
      ? `, ${report.itlMismatched} with a different number of gaps (left out of ITL)`
      : ""),
    "",
  ];
  const header = [
    "metric",
    "pairs",
    "client p50",
    "server p50",
    "client p99",
    "server p99",
    "offset mean",
    "offset p50",
    "offset p99",
    "offset sd",
  ];
  const rows = report.metrics.map((m) => [
    LABELS[m.metric],
    String(m.offset.count),
    fixed(m.client.p50),
    fixed(m.server.p50),
    fixed(m.client.p99),
    fixed(m.server.p99),
    signed(m.offset.mean),
    signed(m.offset.p50),
    signed(m.offset.p99),
    fixed(m.offset.stdev),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [header, ...rows]) {
    lines.push(
      row.map((cell, i) => i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])).join("  "),
    );
  }
  lines.push(
    "",
    "offset = client minus server: what the client, its network and its event loop add.",
  );
  return lines.join("\n");
}

const fixed = (v: number) => Number.isNaN(v) ? "-" : v.toFixed(2);
const signed = (v: number) => Number.isNaN(v) ? "-" : `${v >= 0 ? "+" : ""}${v.toFixed(2)}`;
