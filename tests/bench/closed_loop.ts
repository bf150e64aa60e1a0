/**
 * The closed-loop load of the throughput benchmarks: 32 connections, each sending its next request
 * when the last is answered, a warm-up, then a measured window (shorter with --quick), server CPU
 * read from the process around it. Run in rounds, the best round counting.
 */
import { runClient, type Server } from "./procs.ts";
import type { Mode } from "./compare_report.ts";
import type { BenchContext, Result } from "./common.ts";

export interface ClosedLoop {
  rounds: number;
  /** The load of `mode` requests of `tokens` tokens, for one server. */
  load(mode: Mode, tokens: number): (s: Server) => Promise<Result>;
}

export function closedLoop(ctx: BenchContext): ClosedLoop {
  const timing = ctx.quick ? { warmupSec: 0.5, durationSec: 2 } : { warmupSec: 1, durationSec: 5 };
  return {
    rounds: ctx.quick ? 1 : 3,
    load: (mode, tokens) => (s) =>
      runClient<Result>(
        {
          mode,
          concurrency: 32,
          tokens,
          ...timing,
          url: s.url,
          serverPid: s.pid,
          client: ctx.client,
        },
        timing.warmupSec + timing.durationSec + 60,
      ),
  };
}
