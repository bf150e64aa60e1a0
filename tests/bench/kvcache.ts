/**
 * In-process micro-benchmark of the prefix-cache path for 1k-token prompts (gpt-4o, blocks of 16,
 * 4 workers): block hashing, routing, admit + release on a warm cache, and the whole planChat with
 * the KV cache (and prompt caching) on vs off. The src modules are imported only when it runs.
 * Each figure is the best of a few alternating rounds (µs per prompt, wall time, this process).
 */
import type { Config } from "../../src/config/schema.ts";
import type { ChatPlanInput } from "../../src/engine/chat_planner.ts";
import { type BenchContext, type Benchmark, microTime, n, table } from "./common.ts";

const MODEL = "gpt-4o";
const ENDPOINT = "/v1/chat/completions";
const SENTENCES = [
  "The archive keeps every shipping record from the northern warehouses in one ledger.",
  "Each entry lists the carrier, the weight of the pallet and the hour it left the dock.",
  "Auditors compare those figures with the invoices sent at the end of every quarter.",
  "When a number does not match, the clerk marks the line and writes a short note.",
  "Most differences come from pallets that were split between two trucks at the last minute.",
];

/** Whole sentences (starting at `offset`) until the text has at least `tokens` tokens. */
export function textOf(count: (s: string) => number, tokens: number, offset = 0): string {
  let text = "";
  for (let i = offset; count(text) < tokens; i++) text += SENTENCES[i % SENTENCES.length] + " ";
  return text.trim();
}

async function kvcache(ctx: BenchContext) {
  const { defaultConfig } = await import("../../src/config/schema.ts");
  const { Engine } = await import("../../src/engine/engine.ts");
  const { blockHashes } = await import("../../src/engine/kv/block_hashes.ts");
  const { chatPromptTokenIds } = await import("../../src/engine/kv/prompt_token_ids.ts");
  const { tokenizerFor } = await import("../../src/engine/tokenizer.ts");
  const { ManualClock } = await import("../../src/util/clock.ts");
  const { IdGenerator } = await import("../../src/util/ids.ts");
  const engineWith = (over: Partial<Config>) =>
    new Engine({
      config: { ...defaultConfig(), ...over } as Config,
      clock: new ManualClock(),
      ids: new IdGenerator(1),
    });
  const tok = tokenizerFor(MODEL);
  const count = (s: string) => tok.count(s);
  const budget = ctx.quick ? 250 : 1000;
  const reps = ctx.quick ? 1 : 3;
  const best = (f: () => number) => Math.min(...Array.from({ length: reps }, f));

  // 32 distinct 1,024-id prompts (distinct from their first block on), all cached up front.
  const base = textOf(count, 1100);
  const prompts = Array.from({ length: 32 }, (_, k) => {
    const ids = chatPromptTokenIds(tok, [{ role: "user", content: `Document ${k}: ${base}` }]);
    return ids.slice(0, 1024);
  });
  const hashes = prompts.map((ids) => blockHashes(ids, 16, MODEL));
  const hashUs = best(() => microTime((i) => blockHashes(prompts[i % 32], 16, MODEL), budget, 1e6));

  // Warm-up with every lease held at once, so the router's load term spreads the prompts over
  // the workers (admitted one at a time, each would tie everywhere and go to worker 0).
  const warm = (kv: ReturnType<typeof engineWith>["kv"]) =>
    prompts.map((ids) => kv.admit(MODEL, ids, 1024, ENDPOINT)).forEach((l) => l.release());
  const admitUs = (over: Partial<Config>) => {
    const kv = engineWith(over).kv;
    warm(kv);
    const [lookups, hits] = [kv.lookups, kv.hits];
    const us = best(() =>
      microTime((i) => kv.admit(MODEL, prompts[i % 32], 1024, ENDPOINT).release(), budget, 1e6)
    );
    const hitRate = (kv.hits - hits) / (kv.lookups - lookups);
    return { us, hitRate, workersUsed: kv.workers.filter((w) => w.cachedBlocks > 0).length };
  };
  const kvOnly = admitUs({ enablePromptCaching: false });
  const kvAndPrompt = admitUs({});
  const router = engineWith({}).kv;
  warm(router);
  const routeUs = best(() => microTime((i) => router.router.route(hashes[i % 32]), budget, 1e6));

  // A new prompt every time (64 new blocks each; sequential, so all land on worker 0): while
  // the worker fills, then once it is full and every admit evicts 64 LRU blocks.
  const churn = engineWith({ enablePromptCaching: false }).kv;
  let serial = 0;
  const newIds = () => Object.assign(prompts[0].slice(), { 0: 3_000_000 + serial++ });
  const admitNew = () => churn.admit(MODEL, newIds(), 1024, ENDPOINT).release();
  const perWorker = churn.workers[0].capacityBlocks;
  const fillingUs = microTime(admitNew, budget, Math.floor(perWorker / 64 / 2), 0);
  for (let i = 0; i < perWorker / 64 + 1; i++) admitNew();
  const fullUs = microTime(admitNew, budget, 2000, 0);

  // planChat: the same 1k prompt every time (its ids are memoised), a shared ~900-token system
  // prompt + a unique ~100-token question, and a prompt that is new every time (with the cache
  // on, its new text is tokenized twice: counted, then encoded for the block hashes).
  const system = textOf(count, 900);
  const question = textOf(count, 95, 2);
  const input = (messages: ChatPlanInput["messages"]): ChatPlanInput => ({
    model: MODEL,
    messages,
    tools: [],
    toolChoice: "none",
    parallelToolCalls: true,
    responseFormat: { type: "text" },
    n: 1,
    maxTokens: 16,
    minTokens: 0,
    ignoreEos: true,
    stop: [],
    seed: null,
    logprobs: false,
    topLogprobs: 0,
    reasoningEffort: null,
    overrides: {},
  });
  const long = textOf(count, 1000);
  const same = input([{ role: "user", content: long }]);
  const fresh = (i: number) => input([{ role: "user", content: `Request ${i}: ${long}` }]);
  const unique = (i: number) =>
    input([{ role: "system", content: system }, { role: "user", content: `Q${i}: ${question}` }]);
  const on = engineWith({});
  const off = engineWith({ kvCacheEnabled: false, enablePromptCaching: false });
  const plan = (e: typeof on, make: (i: number) => ChatPlanInput) => (i: number) =>
    e.finish(e.planChat(make(i)));
  const promptTokens = on.planChat(same).usage.promptTokens;
  const uniqueTokens = on.planChat(unique(-1)).usage.promptTokens;
  const freshTokens = on.planChat(fresh(-1)).usage.promptTokens;
  const cases = [
    { label: `same prompt (${promptTokens} tokens)`, make: () => same },
    { label: `shared system + unique question (${uniqueTokens} tokens)`, make: unique },
    { label: `new prompt every time (${freshTokens} tokens)`, make: fresh },
  ].map(({ label, make }) => {
    const times = { on: Infinity, off: Infinity };
    for (let r = 0; r < reps; r++) {
      times.on = Math.min(times.on, microTime(plan(on, make), budget, 1e5, 20));
      times.off = Math.min(times.off, microTime(plan(off, make), budget, 1e5, 20));
    }
    return { label, onUs: times.on, offUs: times.off, ratio: times.on / times.off };
  });

  table(["per 1k-token prompt (1,024 ids, 64 blocks)", "µs"], [
    ["(a) block hashes", n(hashUs, 2)],
    ["    route only (4 workers, warm, kv policy)", n(routeUs, 2)],
    ["(b) admit + release, KV cache only (warm)", n(kvOnly.us, 2)],
    ["    admit + release, KV + prompt cache (warm)", n(kvAndPrompt.us, 2)],
    ["    admit + release, new prompt, worker filling", n(fillingUs, 2)],
    [`    admit + release, new prompt, worker full (${perWorker} blocks)`, n(fullUs, 2)],
  ]);
  console.log(
    `  warm hit rate ${n(kvOnly.hitRate * 100, 1)}%, prompts spread over ` +
      `${kvOnly.workersUsed} of 4 workers`,
  );
  table(
    ["(c) planChat, 16 output tokens", "µs cache on", "µs cache off", "on/off"],
    cases.map((c) => [c.label, n(c.onUs, 1), n(c.offUs, 1), n(c.ratio, 3)]),
  );
  return {
    blockHashUs: hashUs,
    routeUs,
    admitReleaseUs: { kvOnly: kvOnly.us, kvAndPromptCache: kvAndPrompt.us },
    admitNewPromptUs: { workerFilling: fillingUs, workerFull: fullUs, blocksPerWorker: perWorker },
    warmHitRate: kvOnly.hitRate,
    workersUsed: kvOnly.workersUsed,
    planChat: cases,
  };
}

export const KVCACHE_BENCHMARKS: Record<string, Benchmark> = {
  kvcache: {
    title: "KV cache micro-benchmark (in-process): µs per 1k-token prompt",
    run: kvcache,
  },
};
