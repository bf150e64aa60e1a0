/**
 * What optional features cost FakeAI on the hot path, each figure a ratio between two FakeAI
 * configurations measured in the same run (non-streamed chat, delays 0, 16 tokens, 32 workers):
 * - metrics: recording metrics on (the default) ÷ off;
 * - traffic: API-key auth + rate limiting (limits too high to throttle) ÷ both off (and auth
 *   alone ÷ off, to tell the two apart), and — when a redis-server binary is installed — the
 *   Redis-backed limiter ÷ the in-memory one, with the Redis cost per request (server CPU,
 *   throughput, latency at concurrency 1, raw PING round trip).
 * Configurations run alone, in alternating rounds; the best round of each counts.
 */
import {
  type BenchContext,
  type Benchmark,
  fakeai,
  FAST,
  n,
  type Result,
  table,
} from "./common.ts";
import { withServer } from "./common.ts";
import type { LoadOptions } from "./load_client.ts";
import { FAKEAI_MAIN, runClient } from "./procs.ts";
import { type BenchRedis, findRedisServer, pingRtt, startRedis } from "./redis.ts";
import { cpuMs, round } from "./stats.ts";

interface Variant {
  label: string;
  args?: string[];
  env?: Record<string, string>;
  apiKey?: string;
  /** A redis-server whose CPU is charged to this variant's requests. */
  redisPid?: number;
  /** Also measure one worker's latency (concurrency 1). */
  latency?: boolean;
}

/** One server run: the 32-worker figures, plus c1LatencyUs / redisCpuUsPerRequest when asked. */
function measure(ctx: BenchContext, v: Variant): Promise<Result> {
  const timing = ctx.quick ? { warmupSec: 0.5, durationSec: 2 } : { warmupSec: 1, durationSec: 5 };
  const args = fakeai([...FAST, ...(v.args ?? [])]);
  return withServer(v.label, FAKEAI_MAIN, args, async (s) => {
    const base: LoadOptions = {
      mode: "nonstream",
      url: s.url,
      serverPid: s.pid,
      client: ctx.client,
      tokens: 16,
      apiKey: v.apiKey,
    };
    const redis0 = v.redisPid ? cpuMs(v.redisPid) : NaN;
    const r = await runClient<Result>({ ...base, concurrency: 32, ...timing }, 70);
    const out: Result = { ...r };
    if (v.redisPid) {
      // Redis CPU over warm-up + window, spread over the requests of both (≈ at a steady rate).
      const total = r.requests * (timing.warmupSec + timing.durationSec) / timing.durationSec;
      out.redisCpuUsPerRequest = round(((cpuMs(v.redisPid) - redis0) * 1000) / total, 1);
    }
    if (v.latency) {
      const one = { concurrency: 1, warmupSec: 0.3, durationSec: ctx.quick ? 1 : 2 };
      const l = await runClient<Result>({ ...base, ...one }, 60);
      out.c1LatencyUs = round(1e6 / l.perSec, 1);
      out.c1ServerCpuUsPerRequest = l.serverCpuUsPerRequest;
      out.errors += l.errors;
    }
    return out;
  }, v.env);
}

/** Alternating rounds over the variants; returns every run and the best (req/s) per variant. */
async function rounds(ctx: BenchContext, variants: Variant[]) {
  const runs: Record<string, Result[]> = Object.fromEntries(variants.map((v) => [v.label, []]));
  for (let round = 1; round <= (ctx.quick ? 1 : 2); round++) {
    for (const v of variants) runs[v.label].push(await measure(ctx, v));
  }
  const best: Record<string, Result> = {};
  for (const v of variants) {
    best[v.label] = runs[v.label].reduce((a, b) => (b.perSec > a.perSec ? b : a));
    // Latency at concurrency 1: the lowest round is the least disturbed one.
    const lat = runs[v.label].map((r) => r.c1LatencyUs).filter((x) => x !== undefined);
    if (lat.length) best[v.label] = { ...best[v.label], c1LatencyUs: Math.min(...lat) };
  }
  const rows = variants.flatMap((v) =>
    runs[v.label].map((r, i) => [
      `${v.label}#${i + 1}`,
      n(r.perSec, 0),
      n(r.serverCpuUsPerRequest, 0),
      n(1e6 / r.perSec, 1),
      r.c1LatencyUs === undefined ? "-" : n(r.c1LatencyUs, 0),
      r.redisCpuUsPerRequest === undefined ? "-" : n(r.redisCpuUsPerRequest, 1),
      r.errors,
    ])
  );
  table(
    ["run", "req/s", "srv CPU µs/req", "wall µs/req", "c=1 lat µs", "redis CPU µs/req", "errors"],
    rows,
  );
  return { runs, best };
}

async function metrics(ctx: BenchContext) {
  const { runs, best } = await rounds(ctx, [
    { label: "metrics on" },
    { label: "metrics off", args: ["--no-metrics-enabled"] },
  ]);
  const [on, off] = [best["metrics on"], best["metrics off"]];
  const ratio = on.perSec / off.perSec;
  const cpuRatio = on.serverCpuUsPerRequest / off.serverCpuUsPerRequest;
  const cpuCostUs = on.serverCpuUsPerRequest - off.serverCpuUsPerRequest;
  console.log(
    `  req/s on/off = ${n(ratio, 3)}; server CPU per request on/off = ${n(cpuRatio, 3)} ` +
      `(recording costs ≈ ${n(cpuCostUs, 1)} µs CPU per request)`,
  );
  return { ratio, serverCpuPerRequestRatio: cpuRatio, recordingCpuUsPerRequest: cpuCostUs, runs };
}

const KEY = "sk-bench";
const HUGE = "1000000000";
const LIMITED = {
  FAKEAI_API_KEYS: KEY,
  FAKEAI_RATE_LIMIT_ENABLED: "true",
  FAKEAI_RATE_LIMIT_RPM: HUGE,
  FAKEAI_RATE_LIMIT_TPM: HUGE,
};

async function traffic(ctx: BenchContext) {
  // Every variant gets the same request bytes, the Authorization header included.
  const headers = { apiKey: KEY };
  const binary = await findRedisServer();
  let redis: BenchRedis | null = null;
  try {
    if (!binary) console.log("  no redis-server on PATH: the Redis-backed limiter is skipped");
    else {
      redis = await startRedis(binary).catch((err) => {
        console.log(`  redis-server did not start, the Redis-backed limiter is skipped: ${err}`);
        return null;
      });
    }
    const variants: Variant[] = [
      { label: "off", ...headers, latency: true },
      { label: "auth", env: { FAKEAI_API_KEYS: KEY }, ...headers },
      { label: "memory", env: LIMITED, ...headers, latency: true },
    ];
    if (redis) {
      const env = { ...LIMITED, FAKEAI_REDIS_URL: redis.url };
      variants.push({ label: "redis", env, ...headers, latency: true, redisPid: redis.pid });
    }
    const { runs, best } = await rounds(ctx, variants);
    const [off, auth, mem] = [best.off, best.auth, best.memory];
    const ratio = mem.perSec / off.perSec;
    const out: Record<string, unknown> = {
      ratio,
      authOnlyRatio: auth.perSec / off.perSec,
      authOnlyCpuUsPerRequest: auth.serverCpuUsPerRequest - off.serverCpuUsPerRequest,
      serverCpuPerRequestRatio: mem.serverCpuUsPerRequest / off.serverCpuUsPerRequest,
      authRateLimitCpuUsPerRequest: mem.serverCpuUsPerRequest - off.serverCpuUsPerRequest,
      c1LatencyUs: { off: off.c1LatencyUs, memory: mem.c1LatencyUs },
    };
    console.log(
      `  auth only / off: req/s ${n(out.authOnlyRatio as number, 3)}, server CPU per request ` +
        `+${n(out.authOnlyCpuUsPerRequest as number, 1)} µs`,
    );
    console.log(
      `  auth + rate limit (memory) / off: req/s ${n(ratio, 3)}, server CPU per request ` +
        `${n(out.serverCpuPerRequestRatio as number, 3)}× (+${
          n(out.authRateLimitCpuUsPerRequest as number, 1)
        } µs)`,
    );
    if (redis) {
      const red = best.redis;
      const rtt = await pingRtt(redis.port, 1000);
      const cost = {
        ratioToMemory: red.perSec / mem.perSec,
        serverCpuUs: red.serverCpuUsPerRequest - mem.serverCpuUsPerRequest,
        wallUs: 1e6 / red.perSec - 1e6 / mem.perSec,
        c1LatencyUs: red.c1LatencyUs - mem.c1LatencyUs,
        redisCpuUs: red.redisCpuUsPerRequest,
        rawPingRttUs: rtt,
      };
      out.redis = cost;
      (out.c1LatencyUs as Record<string, number>).redis = red.c1LatencyUs;
      console.log(`  redis / memory limiter: req/s ${n(cost.ratioToMemory, 3)}`);
      table(["Redis cost per request (redis − memory)", "µs"], [
        ["FakeAI CPU (32 workers)", n(cost.serverCpuUs, 1)],
        ["wall time per request at 32 workers (1e6 / req/s)", n(cost.wallUs, 1)],
        ["latency at concurrency 1", n(cost.c1LatencyUs, 1)],
        ["redis-server CPU (≈)", n(cost.redisCpuUs, 1)],
        ["raw PING RTT from Deno p50 (1,000 sequential)", n(rtt.p50, 1)],
        ["raw PING RTT mean / p99", `${n(rtt.mean, 1)} / ${n(rtt.p99, 1)}`],
      ]);
    }
    return { ...out, runs };
  } finally {
    await redis?.stop();
  }
}

export const OVERHEAD_BENCHMARKS: Record<string, Benchmark> = {
  metrics: {
    title: "Metrics recording: non-streamed req/s with metrics on vs --no-metrics-enabled",
    run: metrics,
  },
  traffic: {
    title: "Auth + rate limiting (memory, and Redis when installed) vs both off, non-streamed",
    run: traffic,
  },
};
