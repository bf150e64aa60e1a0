/**
 * freeze: does heavy work hold the event loop that times every stream? (issue #11, item 2)
 *
 * FakeAI runs with --ttft 0:0 --itl 20:0 (and full-size images). freeze_watch.ts, a process of its
 * own, keeps 256 streams flowing and polls /health every 50 ms. First an idle window (nothing else
 * runs), then heavy_client.ts, another process, sends the heavy requests one after another
 * (200,000 characters without a space to tokenize, 400 words of speech at speed 0.25 in mp3 and
 * wav, a ~4.5 MB chat body, n 16 × 4,096 tokens, a 24 MB WAV to transcribe, a 1792x1024 image).
 * Every inter-token gap and /health latency is charged to the window its end falls into: idle,
 * the whole heavy phase, and each heavy request (from its start to its end plus a short pause).
 * Target: the streams' ITL p99 within 5 ms of the idle p99, for the worst request kind and for
 * the whole heavy phase. --quick: a shorter idle window and 100 words of speech.
 */
import {
  type BenchContext,
  type Benchmark,
  fakeai,
  n,
  type Result,
  sleep,
  table,
} from "./common.ts";
import { withServer } from "./common.ts";
import { FAKEAI_MAIN, runScript } from "./procs.ts";

const script = (name: string) => decodeURIComponent(new URL(name, import.meta.url).pathname);
const WATCH = script("./freeze_watch.ts");
const HEAVY = script("./heavy_client.ts");
const wall = () => performance.timeOrigin + performance.now();

interface Figures {
  seconds: number;
  itlMs: Result;
  healthMs: Result;
}

interface Watch {
  streams: number;
  completedStreams: number;
  streamErrors: number;
  healthErrors: number;
  clientCpuUtil: number;
  lastError?: string;
  gaps: number;
  healthPolls: number;
  windows: Record<string, Figures>;
}

interface HeavyRequest {
  kind: string;
  start: number;
  end: number;
  ms: number;
  status: number;
  bytes: number;
  error: string;
}

async function freeze(ctx: BenchContext) {
  const idleSec = ctx.quick ? 4 : 10;
  const settleMs = 1000;
  const pauseMs = 300;
  const heavyOptions = { pauseMs, speechWords: ctx.quick ? 100 : 400 };
  const args = fakeai([
    "--response-delay",
    "0",
    "--ttft",
    "0:0",
    "--itl",
    "20:0",
    "--no-access-log",
    "--generate-actual-images",
  ]);
  return await withServer("fakeai", FAKEAI_MAIN, args, async (s) => {
    let requests: HeavyRequest[] = [];
    const watchOptions = { url: s.url, streams: 256, tokens: 1000, healthEveryMs: 50 };
    const watch = await runScript<Watch>(
      WATCH,
      { ...watchOptions, limitSec: 540 },
      600,
      async (r) => {
        const start = Number(r.at) + settleMs;
        await sleep(start + idleSec * 1000 - wall());
        const idle = { label: "idle", start, end: wall() };
        const heavy = await runScript<{ requests: HeavyRequest[] }>(
          HEAVY,
          { url: s.url, ...heavyOptions },
          480,
        );
        requests = heavy.requests;
        const windows = [
          idle,
          { label: "heavy", start: requests[0].start, end: requests.at(-1)!.end + pauseMs },
          ...requests.map((q) => ({ label: q.kind, start: q.start, end: q.end + pauseMs })),
        ];
        return JSON.stringify({ windows });
      },
    );
    return report(ctx, watch, requests);
  });
}

function report(ctx: BenchContext, watch: Watch, requests: HeavyRequest[]) {
  const w = watch.windows;
  const idle = w.idle;
  const kinds = [...new Set(requests.map((q) => q.kind))];
  const row = (label: string, f: Figures, extra: (string | number)[]) => [
    label,
    n(f.seconds, 1),
    n(f.itlMs.count, 0),
    n(f.itlMs.p50, 1),
    n(f.itlMs.p99, 1),
    n(f.itlMs.max, 1),
    label === "idle" ? "" : n(f.itlMs.p99 - idle.itlMs.p99, 1),
    label === "idle" ? "" : n(f.itlMs.max - idle.itlMs.max, 1),
    n(f.healthMs.p50, 1),
    n(f.healthMs.p99, 1),
    n(f.healthMs.max, 1),
    ...extra,
  ];
  const mine = (kind: string) => requests.filter((q) => q.kind === kind);
  table(
    [
      "window",
      "s",
      "gaps",
      "ITL p50",
      "p99",
      "max",
      "Δp99",
      "Δmax",
      "/health p50",
      "p99",
      "max",
      "request ms",
      "HTTP",
    ],
    [
      row("idle", idle, ["", ""]),
      row("heavy (all)", w.heavy, [n(requests.reduce((a, q) => a + q.ms, 0), 0), ""]),
      ...kinds.map((k) =>
        row(k, w[k], [
          mine(k).map((q) => n(q.ms, 0)).join(" + "),
          mine(k).map((q) => q.status).join(","),
        ])
      ),
    ],
  );
  console.log(
    `  ${watch.streams} streams (--itl 20:0), ${watch.completedStreams} completed and restarted, ` +
      `stream errors ${watch.streamErrors}, /health errors ${watch.healthErrors}, ` +
      `measuring client CPU ${Math.round(watch.clientCpuUtil * 100)}%` +
      (watch.lastError ? `, last error: ${watch.lastError}` : ""),
  );
  for (const q of requests.filter((q) => q.status !== 200)) {
    console.log(`  ${q.kind}: HTTP ${q.status} ${q.error.slice(0, 200)}`);
  }
  const disturbance = (f: Figures) => ({
    p99: f.itlMs.p99 - idle.itlMs.p99,
    max: f.itlMs.max - idle.itlMs.max,
  });
  const perKind = Object.fromEntries(kinds.map((k) => [k, disturbance(w[k])]));
  const worst = kinds.reduce((a, k) => (perKind[k].p99 > perKind[a].p99 ? k : a), kinds[0]);
  const worstMax = kinds.reduce((a, k) => (perKind[k].max > perKind[a].max ? k : a), kinds[0]);
  const all = disturbance(w.heavy);
  console.log(
    `  worst ITL disturbance: p99 +${n(perKind[worst].p99, 1)} ms (${worst}), ` +
      `max +${n(perKind[worstMax].max, 1)} ms (${worstMax}); whole heavy phase: ` +
      `p99 +${n(all.p99, 1)} ms, max +${n(all.max, 1)} ms`,
  );
  ctx.check(
    `freeze worst-kind ITL p99 − idle p99 ms (${worst})`,
    perKind[worst].p99,
    "<= 5",
    perKind[worst].p99 <= 5,
  );
  ctx.check("freeze heavy-phase ITL p99 − idle p99 ms", all.p99, "<= 5", all.p99 <= 5);
  return { watch, requests, disturbance: { heavy: all, perKind, worst, worstMax } };
}

export const FREEZE_BENCHMARKS: Record<string, Benchmark> = {
  freeze: {
    title:
      "Event-loop freezes: ITL of 256 streams (--itl 20:0) and /health, idle vs heavy requests",
    run: freeze,
  },
};
