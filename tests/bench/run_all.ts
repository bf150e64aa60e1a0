/**
 * FakeAI benchmark suite:
 * `deno task bench [--quick] [--fetch] [--no-peers] [nonstream|stream|...]`.
 *
 * Throughput figures are ratios to a bare Deno + Hono baseline (baseline_server.ts) measured in
 * the same run, each server running alone, the load (load_client.ts) coming from its own
 * process; feature costs (metrics, traffic) are ratios between two FakeAI configurations, and the
 * latency-model benchmarks (ttft_cache, engine_itl) compare measured timings with their formulas;
 * freeze compares the ITL of 256 streams while heavy requests run with the same streams idle.
 * Targets are reported as PASS/MISS and never fail the run: the exit code is 0 unless something
 * crashed. The JSON summary is printed last and written to a temporary directory (never into the
 * repository). --quick: shorter runs, one round; --fetch: the load client uses
 * fetch instead of its raw HTTP/1.1 client (fetch costs the client far more CPU); --no-peers:
 * nonstream and stream leave out the peer simulators (peers.ts).
 */
import { type BenchContext, BENCHMARKS, n } from "./benchmarks.ts";
import { killAll } from "./procs.ts";

interface Target {
  name: string;
  value: number;
  target: string;
  pass: boolean;
}

async function main(args: string[]): Promise<number> {
  const quick = args.includes("--quick");
  const client = args.includes("--fetch") ? "fetch" : "raw";
  const peers = !args.includes("--no-peers");
  const wanted = args.filter((a) => !a.startsWith("--"));
  const unknown = wanted.filter((w) => !(w in BENCHMARKS));
  if (unknown.length > 0 || args.includes("--help")) {
    if (unknown.length > 0) console.error(`unknown benchmark: ${unknown.join(", ")}`);
    console.error(
      `usage: deno task bench [--quick] [--fetch] [--no-peers] [${
        Object.keys(BENCHMARKS).join("|")
      } ...]`,
    );
    return unknown.length > 0 ? 2 : 0;
  }
  const names = wanted.length > 0 ? wanted : Object.keys(BENCHMARKS);
  const startedAt = new Date().toISOString();
  const loadBefore = Deno.loadavg();
  console.log(
    `FakeAI benchmarks${quick ? " (quick)" : ""}, ${client} client: deno ${Deno.version.deno}, ` +
      `${navigator.hardwareConcurrency} CPUs, ${Deno.build.os}/${Deno.build.arch}, ` +
      `load average ${loadBefore.map((x) => x.toFixed(2)).join(" ")}`,
  );
  if (loadBefore[0] > navigator.hardwareConcurrency / 2) {
    console.log(
      `  warning: the machine is busy (1-min load average ${loadBefore[0].toFixed(1)}); ` +
        "figures will be noisy, ratios less so",
    );
  }
  const targets: Target[] = [];
  const ctx: BenchContext = {
    quick,
    client,
    peers,
    check(name, value, target, pass) {
      targets.push({ name, value, target, pass });
      console.log(`  ${pass ? "PASS" : "MISS"}  ${name} = ${n(value, 2)}  (target ${target})`);
    },
  };
  const results: Record<string, unknown> = {};
  let crashed = false;
  for (const name of names) {
    console.log(`\n[${name}] ${BENCHMARKS[name].title}`);
    try {
      results[name] = await BENCHMARKS[name].run(ctx);
    } catch (err) {
      crashed = true;
      results[name] = { error: String(err) };
      console.log(`  CRASHED: ${err instanceof Error ? err.stack : err}`);
    }
  }
  const summary = {
    startedAt,
    quick,
    client,
    peers,
    deno: Deno.version.deno,
    cpus: navigator.hardwareConcurrency,
    loadAverage: { before: loadBefore, after: Deno.loadavg() },
    targets,
    results,
  };
  const dir = await Deno.makeTempDir({ prefix: "fakeai-bench-" });
  const file = `${dir}/latest.json`;
  await Deno.writeTextFile(file, JSON.stringify(summary, null, 2) + "\n");
  const met = targets.filter((t) => t.pass).length;
  console.log(`\n${met}/${targets.length} targets met; summary written to ${file}`);
  console.log(JSON.stringify(summary));
  return crashed ? 1 : 0;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, () => void killAll().finally(() => Deno.exit(130)));
}
let code = 1;
try {
  code = await main(Deno.args);
} finally {
  await killAll();
}
Deno.exit(code);
