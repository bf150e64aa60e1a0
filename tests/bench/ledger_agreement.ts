/**
 * ledger_agreement: does the timing ledger agree with a real client? FakeAI with the ledger and
 * fixed timing (TTFT 50, ITL 20, no variance) serves 64 streams of 64 tokens from the load client
 * (its own process, connections opened and warmed first), which sends `x-request-id: <prefix>-<n>`
 * per stream and writes what it measured per content event as JSON lines; the ledger
 * (GET /v1/fakeai/timings) is then compared with that export request by request, as
 * `fakeai timings compare` does. Two rounds on one server: the 64 streams started together, then
 * started over 1 s; targets on the offset (client minus ledger) in each: ITL p50 within ±1 ms,
 * TTFT p50 ≤ 5 ms. Started together, the requests' arrival stamps spread over tens of ms (one
 * JavaScript thread takes them in turn): the client counts that wait, the ledger, which times
 * from arrival, does not. The server's own lateness (sent − due) and the spread of the streams'
 * arrivals are printed beside the offsets. The src modules are imported only when it runs.
 */
import { agreementTargets, measuredStreams, roundedComparison } from "./agreement_report.ts";
import { type BenchContext, type Benchmark, fakeai, n, type Result, withServer } from "./common.ts";
import { FAKEAI_MAIN, runClient, type Server } from "./procs.ts";
import { summarize } from "./stats.ts";

const STREAMS = 64;
const TOKENS = 64;
const ARGS = ["--timing-ledger", "--response-delay", "0", "--ttft", "50:0", "--itl", "20:0"];
const ROUNDS = [
  { key: "together", label: "started together", rampMs: 0 },
  { key: "spread", label: "started over 1 s", rampMs: 1000 },
];

interface Fidelity {
  errors: number;
  incomplete: number;
  bunchedGaps: number;
}

/** One short stream: the model's encoding is built on first use, and requests waiting for it
 * start late. */
async function warmUp(url: string) {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-fakeai-ttft-ms": "0",
      "x-fakeai-itl-ms": "0",
    },
    body: JSON.stringify({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Hello" }],
      max_tokens: 4,
      ignore_eos: true,
      stream: true,
    }),
  });
  await res.text();
}

async function get(url: string): Promise<string> {
  const res = await fetch(url);
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}: ${text.slice(0, 200)}`);
  return text;
}

/** One round: the load client's streams, then the ledger compared with its export. */
async function round(ctx: BenchContext, s: Server, dir: string, prefix: string, rampMs: number) {
  const { parseClientTimings } = await import("../../src/timing/client_timings.ts");
  const { serverTimingsOf } = await import("../../src/timing/server_timings.ts");
  const { compareTimings, formatComparison } = await import("../../src/timing/timing_compare.ts");
  const file = `${dir}/${prefix}.jsonl`;
  const fidelity = await runClient<Fidelity>({
    mode: "fidelity",
    url: s.url,
    streams: STREAMS,
    tokens: TOKENS,
    rampMs,
    client: ctx.client,
    requestIdPrefix: prefix,
    timingsFile: file,
  }, 180);
  const ledger = await get(`${s.url}/v1/fakeai/timings`);
  const client = parseClientTimings(await Deno.readTextFile(file));
  const report = compareTimings(client, serverTimingsOf(ledger));
  const mine = measuredStreams(ledger, prefix);
  const lateness = summarize(mine.lateness);
  console.log(
    `  client: errors ${fidelity.errors}, incomplete ${fidelity.incomplete}, gaps < 1 ms ` +
      `${fidelity.bunchedGaps}; ledger: ${mine.records} records with ids ${prefix}-0…${
        STREAMS - 1
      }, arrivals spread over ${n(mine.arrivalSpreadMs, 1)} ms`,
  );
  for (const line of formatComparison(report).split("\n")) console.log(`  ${line}`.trimEnd());
  console.log(
    `  server lateness (sent − due) of these streams' steps: p50 ${n(lateness.p50, 2)}, ` +
      `p99 ${n(lateness.p99, 2)}, max ${n(lateness.max, 2)} ms`,
  );
  return {
    report,
    result: {
      rampMs,
      requestIdPrefix: prefix,
      client: fidelity,
      ledgerRecords: mine.records,
      arrivalSpreadMs: mine.arrivalSpreadMs,
      comparison: roundedComparison(report),
      latenessMs: lateness,
    },
  };
}

/** Both rounds on one server (after a warm-up), then the ledger's own summary. */
async function rounds(ctx: BenchContext, s: Server, dir: string) {
  await warmUp(s.url);
  const run = Date.now().toString(36);
  const results: Record<string, unknown> = {};
  for (const [i, r] of ROUNDS.entries()) {
    console.log(`  ${STREAMS} streams × ${TOKENS} tokens, ${r.label}:`);
    const { report, result } = await round(ctx, s, dir, `agree-${run}-r${i}`, r.rampMs);
    results[r.key] = result;
    for (const t of agreementTargets(report, r.label)) ctx.check(t.name, t.value, t.target, t.pass);
  }
  const summary = JSON.parse(await get(`${s.url}/v1/fakeai/timings/summary`));
  const chat = summary.data.find((g: { endpoint: string }) =>
    g.endpoint === "/v1/chat/completions"
  );
  const lateness: Result = chat?.lateness_ms ?? {};
  console.log(
    `  server lateness, /v1/fakeai/timings/summary (every request, warm-ups included): ` +
      `p50 ${n(lateness.p50, 2)}, p99 ${n(lateness.p99, 2)} ms`,
  );
  return { streams: STREAMS, tokens: TOKENS, ...results, summaryLatenessMs: lateness };
}

async function agreement(ctx: BenchContext) {
  const dir = await Deno.makeTempDir({ prefix: "fakeai-agreement-" });
  try {
    const args = fakeai([...ARGS, "--no-access-log"]);
    return await withServer("fakeai", FAKEAI_MAIN, args, (s) => rounds(ctx, s, dir));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

export const AGREEMENT_BENCHMARKS: Record<string, Benchmark> = {
  ledger_agreement: {
    title: "Timing ledger against a real client: 64 streams, --ttft 50:0 --itl 20:0, 64 tokens",
    run: agreement,
  },
};
