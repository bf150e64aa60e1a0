/**
 * What the timing ledger (--timing-ledger) costs on the hot path: streamed chat with TTFT 0 and
 * ITL 0 (so the server is CPU-bound and every token's recording shows), 64 tokens, 32 workers,
 * ledger on ÷ off in the same run. Configurations run alone, in alternating rounds; the best
 * round of each counts. Target: ≥ 0.95 × the streamed tokens/s without the ledger.
 */
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
import { FAKEAI_MAIN, runClient } from "./procs.ts";

const VARIANTS = [
  { label: "ledger off", args: [] as string[] },
  { label: "ledger on", args: ["--timing-ledger"] },
];

function measure(ctx: BenchContext, args: string[], label: string): Promise<Result> {
  const timing = ctx.quick ? { warmupSec: 0.5, durationSec: 2 } : { warmupSec: 1, durationSec: 5 };
  return withServer(label, FAKEAI_MAIN, fakeai([...FAST, ...args]), (s) =>
    runClient<Result>({
      mode: "stream",
      url: s.url,
      serverPid: s.pid,
      client: ctx.client,
      tokens: 64,
      concurrency: 32,
      ...timing,
    }, 70));
}

async function ledger(ctx: BenchContext) {
  const runs: Record<string, Result[]> = { "ledger off": [], "ledger on": [] };
  for (let round = 1; round <= (ctx.quick ? 1 : 3); round++) {
    for (const v of VARIANTS) runs[v.label].push(await measure(ctx, v.args, v.label));
  }
  const best = (label: string) =>
    runs[label].reduce((a, b) => (b.tokensPerSec > a.tokensPerSec ? b : a));
  table(
    ["run", "tokens/s", "streams/s", "srv CPU µs/token", "errors"],
    VARIANTS.flatMap((v) =>
      runs[v.label].map((r, i) => [
        `${v.label}#${i + 1}`,
        n(r.tokensPerSec, 0),
        n(r.perSec, 0),
        n(r.serverCpuUsPerToken, 2),
        r.errors,
      ])
    ),
  );
  const [off, on] = [best("ledger off"), best("ledger on")];
  const ratio = on.tokensPerSec / off.tokensPerSec;
  const cpuRatio = on.serverCpuUsPerToken / off.serverCpuUsPerToken;
  console.log(
    `  tokens/s on/off = ${n(ratio, 3)}; server CPU per token on/off = ${n(cpuRatio, 3)} ` +
      `(${n(on.serverCpuUsPerToken - off.serverCpuUsPerToken, 2)} µs per token)`,
  );
  ctx.check("ledger on/off streamed tokens/s", ratio, ">= 0.95", ratio >= 0.95);
  return { ratio, serverCpuPerTokenRatio: cpuRatio, runs };
}

export const LEDGER_BENCHMARKS: Record<string, Benchmark> = {
  ledger: {
    title: "Timing ledger: streamed tokens/s and server CPU per token, --timing-ledger on vs off",
    run: ledger,
  },
};
