/**
 * `--workers`: the same closed-loop load (32 connections, which the kernel spreads over the
 * isolates) against FakeAI with 1 and 2 workers, and `auto` when this machine has more than 2
 * CPUs, in rounds (best round counts). Non-streamed chat (16 tokens) and streamed chat (64
 * tokens), server CPU per request from the process's own CPU time (every thread counted).
 * Targets: 2 workers reach ≥ 1.3× the req/s of 1, and the shared state costs ≤ 10 % more server
 * CPU per request.
 */
import { FAKEAI_MAIN } from "./procs.ts";
import { closedLoop } from "./closed_loop.ts";
import { type Mode, rate, unit } from "./compare_report.ts";
import {
  type BenchContext,
  type Benchmark,
  fakeai,
  FAST,
  n,
  type Result,
  table,
  withServer,
} from "./common.ts";

const MODES: Array<{ mode: Mode; tokens: number }> = [
  { mode: "nonstream", tokens: 16 },
  { mode: "stream", tokens: 64 },
];

async function workers(ctx: BenchContext) {
  const { rounds, load } = closedLoop(ctx);
  const counts = ["1", "2", ...(navigator.hardwareConcurrency > 2 ? ["auto"] : [])];
  const results: Record<string, Record<string, Result>> = {};
  for (const { mode, tokens } of MODES) {
    const best: Record<string, Result> = {};
    for (let round = 1; round <= rounds; round++) {
      for (const count of counts) {
        const args = fakeai([...FAST, "--workers", count]);
        const r = await withServer(`fakeai-w${count}`, FAKEAI_MAIN, args, load(mode, tokens));
        console.log(
          `  ${mode} workers ${count}#${round}: ${n(rate(mode, r), 0)} ${unit(mode)}, ` +
            `server CPU ${n(r.serverCpuUsPerRequest, 0)} µs/req, errors ${r.errors}`,
        );
        if (!best[count] || rate(mode, r) > rate(mode, best[count])) best[count] = r;
      }
    }
    results[mode] = best;
    const one = best["1"];
    table(
      ["workers", unit(mode), "× workers 1", "server CPU µs/req", "× workers 1"],
      counts.map((count) => {
        const r = best[count];
        return [
          count,
          n(rate(mode, r), 0),
          n(rate(mode, r) / rate(mode, one), 2),
          n(r.serverCpuUsPerRequest, 0),
          n(r.serverCpuUsPerRequest / one.serverCpuUsPerRequest, 2),
        ];
      }),
    );
    const speedup = rate(mode, best["2"]) / rate(mode, one);
    const cpu = best["2"].serverCpuUsPerRequest / one.serverCpuUsPerRequest;
    ctx.check(`${mode} ${unit(mode)} workers 2 / workers 1`, speedup, ">= 1.3", speedup >= 1.3);
    ctx.check(`${mode} server CPU per request workers 2 / workers 1`, cpu, "<= 1.1", cpu <= 1.1);
  }
  return { rounds, cpus: navigator.hardwareConcurrency, ...results };
}

export const WORKERS_BENCHMARKS: Record<string, Benchmark> = {
  workers: {
    title: "--workers 1 vs 2 (vs auto): non-streamed and streamed chat, concurrency 32",
    run: workers,
  },
};
