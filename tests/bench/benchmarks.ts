/** The benchmarks. Each prints its lines, records targets through `ctx.check`, and returns its
 * raw figures for the JSON summary. The first four are here; the others have their own modules. */
import type { LoadOptions } from "./load_client.ts";
import { BASELINE, FAKEAI_MAIN, runClient, type Server } from "./procs.ts";
import { rssKiB } from "./stats.ts";
import { type PeerSetup, peerSetup, withPeer } from "./peer_procs.ts";
import { compareReport, type Mode, rate, unit } from "./compare_report.ts";
import {
  type BenchContext,
  type Benchmark,
  fakeai,
  FAST,
  n,
  pct,
  type Result,
  sleep,
  table,
  withServer,
} from "./common.ts";
import { OVERHEAD_BENCHMARKS } from "./overhead.ts";
import { KVCACHE_BENCHMARKS } from "./kvcache.ts";
import { LATENCY_BENCHMARKS } from "./latency_model.ts";
import { STAGES_BENCHMARKS } from "./stages.ts";
import { FREEZE_BENCHMARKS } from "./freeze.ts";
import { WORKERS_BENCHMARKS } from "./workers.ts";
import { LEDGER_BENCHMARKS } from "./ledger.ts";
import { AGREEMENT_BENCHMARKS } from "./ledger_agreement.ts";
import { WORK_FLOOR_BENCHMARKS } from "./work_floor.ts";
import { closedLoop } from "./closed_loop.ts";

export { type BenchContext, n };

interface Fidelity {
  streams: number;
  errors: number;
  incomplete: number;
  bunchedGaps: number;
  ttftMs: Result;
  itlMs: Result;
}

/**
 * Runs the same closed-loop load (32 workers) against the baseline, FakeAI and each peer
 * simulator (peers.ts, unless --no-peers), one server at a time, in rounds; the best round of
 * each counts, which filters out CPU taken by other processes on a shared machine. Server CPU
 * per request (per token for streams) is a steadier second view.
 */
async function compare(
  ctx: BenchContext,
  mode: Mode,
  tokens: number,
  cpuTarget: number,
  fakeaiFlags = FAST,
  name: string = mode,
) {
  const { rounds, load: loadOf } = closedLoop(ctx);
  const load = loadOf(mode, tokens);
  const show = (label: string, r: Result) =>
    console.log(
      `  ${label.padEnd(11)} ${n(rate(mode, r), 0).padStart(9)} ${unit(mode)}` +
        (mode === "stream" ? ` (${n(r.perSec, 0)} streams/s)` : "") +
        `  server CPU ${pct(r.serverCpuUtil)} = ${n(r.serverCpuUsPerRequest, 0)} µs/req` +
        (mode === "stream" ? `, ${n(r.serverCpuUsPerToken, 2)} µs/token` : "") +
        `, client CPU ${pct(r.clientCpuUtil)}, errors ${r.errors}` +
        (r.incomplete ? `, incomplete ${r.incomplete}` : ""),
    );
  const setup: PeerSetup = ctx.peers ? await peerSetup() : { ready: [], skipped: {} };
  const skipped: Record<string, string> = { ...setup.skipped };
  for (const [name, reason] of Object.entries(skipped)) {
    console.log(`  peer ${name} skipped: ${reason}`);
  }
  let peers = setup.ready;
  const runs: Record<string, Result[]> = { baseline: [], fakeai: [] };
  for (const p of peers) runs[p.peer.name] = [];
  for (let round = 1; round <= rounds; round++) {
    runs.baseline.push(await withServer("baseline", BASELINE, [], load));
    show(`baseline#${round}`, runs.baseline.at(-1)!);
    runs.fakeai.push(await withServer("fakeai", FAKEAI_MAIN, fakeai(fakeaiFlags), load));
    show(`fakeai#${round}`, runs.fakeai.at(-1)!);
    for (const p of peers) {
      const name = p.peer.name;
      try {
        runs[name].push(await withPeer(p, tokens, load));
        show(`${name}#${round}`, runs[name].at(-1)!);
      } catch (err) {
        skipped[name] = `round ${round}: ${err instanceof Error ? err.message : err}`;
        console.log(`  peer ${name} skipped: ${skipped[name]}`);
        delete runs[name];
      }
    }
    peers = peers.filter((p) => runs[p.peer.name]);
  }
  const report = compareReport(mode, tokens, runs, setup.ready.map((p) => p.peer));
  const { ratio, serverCpuPerRequestRatio } = report.fields;
  const [base, fake] = [rate(mode, report.best.baseline), rate(mode, report.best.fakeai)];
  console.log(
    `  best: baseline ${n(base, 0)}, fakeai ${n(fake, 0)} ${unit(mode)}; ` +
      `server CPU per request: fakeai = ${n(serverCpuPerRequestRatio, 2)}× baseline`,
  );
  ctx.check(`${name} ${unit(mode)} fakeai/baseline`, ratio, ">= 0.5", ratio >= 0.5);
  ctx.check(
    `${name} server CPU per ${mode === "stream" ? "token" : "request"} fakeai/baseline`,
    serverCpuPerRequestRatio,
    `<= ${cpuTarget}`,
    serverCpuPerRequestRatio <= cpuTarget,
  );
  table(report.head, report.rows);
  for (const line of report.lines) console.log(`  ${line}`);
  const node = setup.nodeVersion ? { node: setup.nodeVersion } : {};
  return { ...report.fields, rounds, peersSkipped: skipped, ...node };
}

/**
 * 256 streams started at once against FakeAI (TTFT 50, ITL 20, no variance). Two extra views,
 * without targets: the same burst against the baseline (no latency at all: what accepting 256
 * requests at once costs here), and FakeAI with the starts spread over 1 s (no burst queueing).
 */
async function fidelity(ctx: BenchContext) {
  const burst = (s: Server, rampMs = 0) =>
    runClient<Fidelity>(
      { mode: "fidelity", url: s.url, streams: 256, tokens: 64, client: ctx.client, rampMs },
      180,
    );
  const floor = await withServer("baseline", BASELINE, [], burst);
  const args = fakeai([
    "--response-delay",
    "0",
    "--ttft",
    "50:0",
    "--itl",
    "20:0",
    "--no-access-log",
  ]);
  const [r, ramped] = await withServer(
    "fakeai",
    FAKEAI_MAIN,
    args,
    async (s) => [await burst(s), await burst(s, 1000)],
  );
  const row = (x: Result) =>
    `min ${n(x.min, 2)}  p50 ${n(x.p50, 2)}  p90 ${n(x.p90, 2)}  p99 ${n(x.p99, 2)}` +
    `  mean ${n(x.mean, 2)}  max ${n(x.max, 2)}  (n=${x.count})`;
  console.log(`  TTFT ms  ${row(r.ttftMs)}`);
  console.log(`  ITL  ms  ${row(r.itlMs)}`);
  console.log(
    `  streams ${r.streams}, errors ${r.errors}, incomplete ${r.incomplete}, ` +
      `gaps < 1 ms (bunched tokens) ${r.bunchedGaps}`,
  );
  console.log(`  baseline, same burst, first content ms  ${row(floor.ttftMs)}`);
  console.log(`  fakeai, starts spread over 1 s: TTFT ms  ${row(ramped.ttftMs)}`);
  console.log(`  fakeai, starts spread over 1 s: ITL  ms  ${row(ramped.itlMs)}`);
  const within = (x: number, target: number) => Math.abs(x - target) <= target * 0.05;
  ctx.check("ITL p50 ms", r.itlMs.p50, "20 ± 5%", within(r.itlMs.p50, 20));
  ctx.check("ITL p99 ms", r.itlMs.p99, "<= 25", r.itlMs.p99 <= 25);
  ctx.check("TTFT p50 ms", r.ttftMs.p50, "50 ± 5%", within(r.ttftMs.p50, 50));
  ctx.check("TTFT p99 ms", r.ttftMs.p99, "<= 60", r.ttftMs.p99 <= 60);
  return { fakeai: r, baselineBurst: floor, fakeaiRamped1s: ramped };
}

/**
 * RSS of one server: fresh, after one gpt-4o request (FakeAI then has one encoding in use), idle
 * after a warm-up, and with 1,000 open streams at ITL 1 s (the baseline paces its events with a
 * timer per stream when asked for an ITL: the bare cost of holding a stream).
 */
async function holdMemory(ctx: BenchContext, s: Server) {
  const freshKiB = rssKiB(s.pid);
  await runClient({ mode: "nonstream", url: s.url, tokens: 16, warmupSec: 0, maxRequests: 1 }, 60);
  await sleep(500);
  const firstRequestKiB = rssKiB(s.pid);
  // Warm the code paths first, so JIT and lazy modules are not charged to the streams.
  await runClient({ mode: "stream", url: s.url, tokens: 64, warmupSec: 0, durationSec: 1 }, 60);
  await sleep(1000);
  const idleKiB = rssKiB(s.pid);
  let openKiB = NaN;
  const headers = { "x-fakeai-ttft-ms": "0", "x-fakeai-itl-ms": "1000" };
  const options: LoadOptions = {
    mode: "hold",
    url: s.url,
    streams: 1000,
    tokens: 600,
    headers,
    holdSec: 120,
    client: ctx.client,
  };
  const hold = await runClient<Result>(options, 240, async () => {
    const samples: number[] = [];
    for (let i = 0; i < 4; i++) {
      await sleep(ctx.quick ? 250 : 750);
      samples.push(rssKiB(s.pid));
    }
    openKiB = Math.max(...samples);
  });
  await sleep(2000);
  const afterKiB = rssKiB(s.pid);
  const perStreamKiB = (openKiB - idleKiB) / Math.max(1, hold.opened);
  const mib = (k: number) => `${n(k / 1024, 1)} MiB`;
  console.log(
    `  ${s.label}: RSS fresh ${mib(freshKiB)}, after one request ${mib(firstRequestKiB)}, ` +
      `idle after warm-up ${mib(idleKiB)}`,
  );
  console.log(
    `  ${s.label}: RSS with ${hold.opened} open streams ${mib(openKiB)} (errors ${hold.errors}), ` +
      `2 s after closing them ${mib(afterKiB)}; per open stream ${n(perStreamKiB, 1)} KiB`,
  );
  return { freshKiB, firstRequestKiB, idleKiB, openKiB, afterKiB, perStreamKiB, hold };
}

/**
 * FakeAI's RSS with one encoding in use, and its memory per open stream against the baseline's:
 * in rounds (each server in turn), the best round of each counting, like the throughput
 * benchmarks. One round's per-stream figure moves by ±5 KiB with where V8's and malloc's heaps
 * happen to stand when the streams open, the baseline's as much as FakeAI's.
 */
async function memory(ctx: BenchContext) {
  const rounds = ctx.quick ? 1 : 3;
  const ours: Awaited<ReturnType<typeof holdMemory>>[] = [];
  const baseline: typeof ours = [];
  for (let round = 1; round <= rounds; round++) {
    ours.push(await withServer("fakeai", FAKEAI_MAIN, fakeai(FAST), (s) => holdMemory(ctx, s)));
    baseline.push(await withServer("baseline", BASELINE, [], (s) => holdMemory(ctx, s)));
  }
  const best = (runs: typeof ours, key: "firstRequestKiB" | "perStreamKiB") =>
    Math.min(...runs.map((r) => r[key]));
  const firstRequestMB = (best(ours, "firstRequestKiB") * 1024) / 1e6;
  ctx.check("RSS after one gpt-4o request, MB", firstRequestMB, "<= 90", firstRequestMB <= 90);
  const perStream = {
    fakeai: best(ours, "perStreamKiB"),
    baseline: best(baseline, "perStreamKiB"),
  };
  console.log(
    `  best of ${rounds}: per open stream fakeai ${n(perStream.fakeai, 1)} KiB, ` +
      `baseline ${n(perStream.baseline, 1)} KiB`,
  );
  const extraKB = ((perStream.fakeai - perStream.baseline) * 1024) / 1000;
  ctx.check("memory per open stream over the baseline's, KB", extraKB, "<= 16", extraKB <= 16);
  return { fakeai: ours, baseline, rounds, firstRequestMB, extraPerStreamKB: extraKB };
}

export const BENCHMARKS: Record<string, Benchmark> = {
  nonstream: {
    title: "Non-streamed chat, delays 0, 16 output tokens, concurrency 32",
    run: (ctx) => compare(ctx, "nonstream", 16, 1.6),
  },
  "nonstream-defaults": {
    title:
      "Non-streamed chat as nonstream, with the defaults' access log (to /dev/null) and metrics",
    run: (ctx) =>
      compare(
        ctx,
        "nonstream",
        16,
        2,
        FAST.filter((f) => f !== "--no-access-log"),
        "nonstream-defaults",
      ),
  },
  stream: {
    title: "Streamed chat, TTFT 0 / ITL 0, 64 output tokens, concurrency 32",
    run: (ctx) => compare(ctx, "stream", 64, 2),
  },
  "stream-long": {
    title: "Streamed chat as stream, 1,024 output tokens: the per-token cost of long streams",
    run: (ctx) => compare(ctx, "stream", 1024, 1.25, FAST, "stream-long"),
  },
  fidelity: {
    title: "Timing fidelity: 256 streams started together, --ttft 50:0 --itl 20:0, 64 tokens",
    run: fidelity,
  },
  memory: {
    title:
      "Memory: RSS with one encoding in use, and per open stream (1,000 at ITL 1 s) vs baseline",
    run: memory,
  },
  ...OVERHEAD_BENCHMARKS,
  ...LEDGER_BENCHMARKS,
  ...AGREEMENT_BENCHMARKS,
  ...KVCACHE_BENCHMARKS,
  ...LATENCY_BENCHMARKS,
  ...FREEZE_BENCHMARKS,
  ...WORKERS_BENCHMARKS,
  ...STAGES_BENCHMARKS,
  ...WORK_FLOOR_BENCHMARKS,
};
