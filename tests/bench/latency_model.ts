/**
 * FakeAI's latency models seen from the outside (a real server, client-side timing):
 * - ttft_cache: fixed mode, TTFT 200 ms, KV cache only: TTFT against the share of a ~2,000-token
 *   system prompt that is cached, next to the README's 200 × (0.2 + 0.8 × uncached share);
 * - engine_itl: engine mode (small-h100, one worker): ITL and TTFT p50 of C streams started
 *   together, next to the profile's decode step 7 + 0.06 × C ms.
 */
import { type BenchContext, type Benchmark, fakeai, n, type Result, table } from "./common.ts";
import { withServer } from "./common.ts";
import { textOf } from "./kvcache.ts";
import { FAKEAI_MAIN, runClient, type Server } from "./procs.ts";
import { summarize } from "./stats.ts";
import { openTransport, prepare, streamEvents, type Transport } from "./transport.ts";

const CONTENT = '"delta":{"content"';
const NO_DELAY = ["--response-delay", "0", "--no-access-log"];

interface Probe {
  ttftMs: number;
  promptTokens: number;
  cachedTokens: number;
}

/** One streamed chat request on `t`; TTFT to the first content event, usage from the last. */
async function probe(t: Transport, url: string, messages: unknown[]): Promise<Probe> {
  const body = JSON.stringify({
    model: "gpt-4o",
    messages,
    max_tokens: 4,
    ignore_eos: true,
    stream: true,
    stream_options: { include_usage: true },
  });
  const headers = { "content-type": "application/json", "x-fakeai-output-tokens": "4" };
  const request = prepare({ url, body, headers });
  let first = NaN;
  let usage: Record<string, unknown> | undefined;
  const t0 = performance.now();
  await streamEvents(t, request, (ev, at) => {
    if (Number.isNaN(first) && ev.includes(CONTENT)) first = at;
    if (ev.includes('"usage":{')) usage = JSON.parse(ev.slice(6)).usage;
  });
  const details = usage?.prompt_tokens_details as Record<string, number> | undefined;
  return {
    ttftMs: first - t0,
    promptTokens: Number(usage?.prompt_tokens ?? NaN),
    cachedTokens: Number(details?.cached_tokens ?? 0),
  };
}

/** The unique rest of a prompt: the same sentences with their words reversed (about as many
 * tokens), the first one tagged with the request's nonce so no two requests share it. */
const uniqueRest = (rest: string[], nonce: string) =>
  rest.map((x, j) => (j === 0 ? `[${nonce}] ` : "") + x.split(" ").reverse().join(" "));

async function ttftCache(ctx: BenchContext) {
  const args = fakeai(["--ttft", "200:0", "--itl", "5:0", ...NO_DELAY]);
  const env = { FAKEAI_ENABLE_PROMPT_CACHING: "false" };
  const shares = [0, 0.25, 0.5, 0.75, 1];
  const reps = ctx.quick ? 1 : 3;
  return await withServer("fakeai", FAKEAI_MAIN, args, async (s) => {
    const t = await openTransport("raw", s.url);
    try {
      const { tokenizerFor } = await import("../../src/engine/tokenizer.ts");
      const tok = tokenizerFor("gpt-4o");
      const sentences = textOf((x) => tok.count(x), 2000).split(/(?<=\.) /);
      const system = (share: number, nonce: string) => {
        const k = Math.round(share * sentences.length);
        return [...sentences.slice(0, k), ...uniqueRest(sentences.slice(k), nonce)].join(" ");
      };
      const ask = (share: number, nonce: string) => [
        { role: "system", content: system(share, nonce) },
        { role: "user", content: `Question ${nonce}: what stands out?` },
      ];
      await probe(t, s.url, [{ role: "user", content: "warm up the server" }]);
      const warm = await probe(t, s.url, ask(1, "warm"));
      const runs = new Map<number, Probe[]>(shares.map((x) => [x, []]));
      for (let r = 0; r < reps; r++) {
        for (const share of shares) {
          runs.get(share)!.push(await probe(t, s.url, ask(share, `${r}${share}`)));
        }
      }
      const rows = shares.map((share) => {
        const ps = runs.get(share)!;
        const actual = ps.reduce((a, p) => a + p.cachedTokens / p.promptTokens, 0) / ps.length;
        const ttft = summarize(ps.map((p) => p.ttftMs));
        const expected = 200 * (0.2 + 0.8 * (1 - actual));
        return {
          share,
          promptTokens: ps[0].promptTokens,
          cachedTokens: ps[0].cachedTokens,
          actualShare: actual,
          ttftMs: ttft,
          expectedMs: expected,
          nominalExpectedMs: 200 * (0.2 + 0.8 * (1 - share)),
          errorPct: (ttft.p50 / expected - 1) * 100,
        };
      });
      console.log(`  warm-up: ${warm.promptTokens} prompt tokens, TTFT ${n(warm.ttftMs, 1)} ms`);
      table(
        [
          "shared",
          "prompt tok",
          "cached tok",
          "cached share",
          "TTFT p50 ms",
          "min–max",
          "expected ms",
          "error",
        ],
        rows.map((r) => [
          `${r.share * 100}%`,
          r.promptTokens,
          r.cachedTokens,
          `${n(r.actualShare * 100, 1)}%`,
          n(r.ttftMs.p50, 1),
          `${n(r.ttftMs.min, 1)}–${n(r.ttftMs.max, 1)}`,
          n(r.expectedMs, 1),
          `${r.errorPct >= 0 ? "+" : ""}${n(r.errorPct, 1)}%`,
        ]),
      );
      const worst = Math.max(...rows.map((r) => Math.abs(r.errorPct)));
      ctx.check("ttft_cache worst |TTFT p50 / expected − 1| %", worst, "<= 10", worst <= 10);
      return { warm, reps, rows };
    } finally {
      t.close();
    }
  }, env);
}

interface Fidelity {
  streams: number;
  errors: number;
  incomplete: number;
  ttftMs: Result;
  itlMs: Result;
}

async function engineItl(ctx: BenchContext) {
  const args = fakeai([
    "--latency-mode",
    "engine",
    "--engine-profile",
    "small-h100",
    "--kv-cache-num-workers",
    "1",
    ...NO_DELAY,
  ]);
  const profile = {
    prefillBaseMs: 5,
    prefillPerTokenMs: 0.04,
    decodeBaseMs: 7,
    decodePerSeqMs: 0.06,
  };
  const step = (c: number) => profile.decodeBaseMs + profile.decodePerSeqMs * c;
  return await withServer("fakeai", FAKEAI_MAIN, args, async (s: Server) => {
    // The load client's prompt, once, for its token count (the prefill it costs).
    const t = await openTransport("raw", s.url);
    const p = await probe(t, s.url, [{ role: "user", content: "Hello there, how are you?" }]);
    t.close();
    const prefill = profile.prefillBaseMs + profile.prefillPerTokenMs * p.promptTokens;
    const rows = [];
    for (const c of [1, 8, 32, 128]) {
      const r = await runClient<Fidelity>(
        { mode: "fidelity", url: s.url, streams: c, tokens: 128, client: ctx.client },
        180,
      );
      rows.push({
        concurrency: c,
        itlP50: r.itlMs.p50,
        itlP90: r.itlMs.p90,
        predictedStepMs: step(c),
        ttftP50: r.ttftMs.p50,
        ttftP90: r.ttftMs.p90,
        predictedTtftMs: c === 1 ? prefill : prefill + step(1),
        errors: r.errors,
        incomplete: r.incomplete,
      });
    }
    console.log(
      `  prompt ${p.promptTokens} tokens → prefill ${n(prefill, 2)} ms. Predicted TTFT: alone, ` +
        "the prefill; in a burst, the first sequence decodes alone at the end of its prefill and " +
        "the others (ready a little later) join at the next step boundary: prefill + step(1)",
    );
    table(
      [
        "concurrency",
        "ITL p50",
        "ITL p90",
        "step 7+0.06c",
        "ITL/step",
        "TTFT p50",
        "TTFT p90",
        "TTFT pred",
        "err/inc",
      ],
      rows.map((r) => [
        r.concurrency,
        n(r.itlP50, 2),
        n(r.itlP90, 2),
        n(r.predictedStepMs, 2),
        n(r.itlP50 / r.predictedStepMs, 3),
        n(r.ttftP50, 2),
        n(r.ttftP90, 2),
        n(r.predictedTtftMs, 2),
        `${r.errors}/${r.incomplete}`,
      ]),
    );
    const worst = Math.max(...rows.map((r) => Math.abs(r.itlP50 / r.predictedStepMs - 1) * 100));
    ctx.check("engine_itl worst |ITL p50 / step − 1| %", worst, "<= 10", worst <= 10);
    return { promptTokens: p.promptTokens, prefillMs: prefill, rows };
  });
}

export const LATENCY_BENCHMARKS: Record<string, Benchmark> = {
  ttft_cache: {
    title: "TTFT vs cached share of a ~2,000-token system prompt (fixed mode, --ttft 200:0)",
    run: ttftCache,
  },
  engine_itl: {
    title: "Engine mode (small-h100, 1 worker): ITL / TTFT p50 vs concurrency, 128 tokens",
    run: engineItl,
  },
};
