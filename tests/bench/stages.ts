/**
 * stages: where one non-streamed chat request's CPU goes inside FakeAI, in process (no sockets).
 * The request is the `nonstream` benchmark's (one short user message, 16 output tokens). Each
 * stage is timed on its own, in a loop, by this process's CPU time (best of a few rounds); the
 * whole request through `app.fetch` and a bare Hono app doing the same JSON round trip give the
 * two ends, and "the rest" is what the stages do not cover (middlewares, request context, Hono,
 * Request/Response objects). Stages timed alone run on warm caches, so they add up to less than
 * the whole; read them as proportions. The src modules are imported only when it runs.
 */
import process from "node:process";
import { Hono } from "hono";
import type { Config } from "../../src/config/schema.ts";
import { type BenchContext, type Benchmark, n, table } from "./common.ts";

const BODY = {
  model: "gpt-4o",
  messages: [{ role: "user", content: "Hello there, how are you?" }],
  max_tokens: 16,
};
const TEXT = JSON.stringify(BODY);
const HEADERS = {
  "content-type": "application/json",
  "content-length": String(TEXT.length),
  "x-fakeai-output-tokens": "16",
};
const PEER = { remoteAddr: { hostname: "127.0.0.1", port: 40000, transport: "tcp" } };

/** CPU µs per call of `fn` (sync or async), best of `rounds` rounds of `iterations` calls. */
async function cpuPerCall(
  fn: (i: number) => unknown,
  iterations: number,
  rounds: number,
): Promise<number> {
  for (let i = 0; i < iterations / 4; i++) await fn(i);
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const before = process.cpuUsage();
    for (let i = 0; i < iterations; i++) await fn(i);
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / iterations);
  }
  return best;
}

async function stages(ctx: BenchContext) {
  const { defaultConfig } = await import("../../src/config/schema.ts");
  const { Engine } = await import("../../src/engine/engine.ts");
  const { createApp } = await import("../../src/app/create_app.ts");
  const { createLogger } = await import("../../src/util/logger.ts");
  const { systemClock } = await import("../../src/util/clock.ts");
  const { IdGenerator } = await import("../../src/util/ids.ts");
  const { readJsonBodyWithLength } = await import("../../src/server/body.ts");
  const { parseRequest } = await import("../../src/api/validation.ts");
  const { chatRequestSchema } = await import("../../src/api/openai/chat_schema.ts");
  const { toPlanInput } = await import("../../src/api/openai/chat_checks.ts");
  const { chatGuards } = await import("../../src/api/openai/generation_guards.ts");
  const { readOverrides } = await import("../../src/api/openai/request_overrides.ts");
  const { chatCompletionBody } = await import("../../src/api/openai/chat_render.ts");
  const { GenerationObserver } = await import("../../src/api/openai/generation_observer.ts");
  const { countChatPromptTokens } = await import("../../src/engine/prompt_tokens.ts");
  const { chatPromptTokenIds } = await import("../../src/engine/kv/prompt_token_ids.ts");
  const { tokenizerFor } = await import("../../src/engine/tokenizer.ts");
  const { textGeneratorFor } = await import("../../src/engine/text_generator.ts");
  const { createPrng } = await import("../../src/util/prng.ts");
  const { MetricsRegistry } = await import("../../src/metrics/registry.ts");

  const config = {
    ...defaultConfig(),
    responseDelay: 0,
    ttftMs: 0,
    itlMs: 0,
    accessLog: false,
  } as Config;
  const engine = new Engine({ config, clock: systemClock, ids: new IdGenerator(1) });
  const logger = createLogger("info", { accessLog: false });
  const { app } = createApp({ config, engine, logger });
  const bare = new Hono();
  bare.post("/v1/chat/completions", async (c) => {
    const body = await c.req.json();
    return c.json({ id: "chatcmpl-1", model: body.model, choices: [] });
  });
  const request = () =>
    new Request("http://127.0.0.1/v1/chat/completions", {
      method: "POST",
      headers: HEADERS,
      body: TEXT,
    });
  const through = (fetch: (r: Request) => Response | Promise<Response>) => async () => {
    const res = await fetch(request());
    await res.arrayBuffer();
  };

  const iterations = ctx.quick ? 2_000 : 10_000;
  const rounds = ctx.quick ? 2 : 5;
  const time = (fn: (i: number) => unknown) => cpuPerCall(fn, iterations, rounds);

  const tokenizer = tokenizerFor(BODY.model);
  const req = parseRequest(chatRequestSchema, BODY);
  const overrides = readOverrides((name) => HEADERS[name as keyof typeof HEADERS]);
  const input = toPlanInput(req, overrides);
  const guards = chatGuards(config, input, "chat", "max_tokens");
  const plan = engine.planChat({ ...input, ...guards });
  engine.finish(plan);
  const ids = chatPromptTokenIds(tokenizer, input.messages);
  const generator = textGeneratorFor(tokenizer);
  const prng = createPrng(7);
  const metrics = new MetricsRegistry({
    clock: systemClock,
    windowSeconds: 60,
    kvCache: () => ({}) as never,
  });
  const logLine = createLogger("info", {
    accessLog: true,
    sink: { stderr: () => {}, stdout: () => {} },
  });

  const whole = await time(through((r) => app.fetch(r, PEER)));
  const floor = await time(through((r) => bare.fetch(r)));
  const requestObject = await time(() => request());
  const rows: [string, number][] = [
    ["body read + JSON.parse", await time(() => readJsonBodyWithLength(request(), 1 << 20))],
    [
      "validation (zod, headers, semantic checks, budgets)",
      await time(() => {
        const r = parseRequest(chatRequestSchema, BODY);
        const i = toPlanInput(r, readOverrides((name) => HEADERS[name as keyof typeof HEADERS]));
        chatGuards(config, i, "chat", "max_tokens");
      }),
    ],
    ["prompt tokenization", await time(() => countChatPromptTokens(tokenizer, input.messages))],
    [
      "prefix-cache ids + hashing + routing",
      await time(() => {
        const ids2 = chatPromptTokenIds(tokenizer, input.messages);
        engine.kv.admit(BODY.model, ids2, ids.length, "/v1/chat/completions").release();
      }),
    ],
    ["text generation (16 tokens)", await time(() => generator.prose(prng, 16, []))],
    [
      "planning, all of it (the three above included)",
      await time(() => {
        engine.finish(engine.planChat({ ...input, ...guards }));
      }),
    ],
    [
      "rendering (body + JSON.stringify)",
      await time(() => JSON.stringify(chatCompletionBody(plan))),
    ],
    [
      "metrics (request + one generation)",
      await time(() => {
        metrics.request({
          endpoint: "/v1/chat/completions",
          method: "POST",
          status: 200,
          model: BODY.model,
          latencySeconds: 0.001,
        });
        const observer = new GenerationObserver({
          metrics,
          plan,
          arrivedAt: 0,
          streamed: false,
          queued: false,
        });
        observer.plannedSteps();
        observer.finish("completed", 1);
      }),
    ],
    [
      "access log line (formatting, no write)",
      await time(() =>
        logLine.access("info", "request", {
          request_id: "req_1",
          method: "POST",
          path: "/v1/chat/completions",
          status: 200,
          latency_ms: 1.25,
          model: BODY.model,
          prompt_tokens: 17,
          completion_tokens: 16,
        })
      ),
    ],
  ];
  const planning = rows[5][1];
  const covered = rows[0][1] + rows[1][1] + planning + rows[6][1] + rows[7][1] + rows[8][1];
  const perRequest = whole - requestObject;
  table(["stage (in process, CPU µs per request)", "µs", "share"], [
    ["whole request through app.fetch (Request object excluded)", n(perRequest, 1), "100%"],
    ...rows.map(([label, us]) => [label, n(us, 1), `${n((100 * us) / perRequest, 0)}%`]),
    [
      "the rest: middlewares, request context, Hono, Response",
      n(perRequest - covered, 1),
      `${n((100 * (perRequest - covered)) / perRequest, 0)}%`,
    ],
    [
      "bare Hono app, same JSON round trip (Request object excluded)",
      n(floor - requestObject, 1),
      "",
    ],
  ]);
  return {
    wholeUs: perRequest,
    bareUs: floor - requestObject,
    stages: Object.fromEntries(rows.map(([label, us]) => [label, us])),
    restUs: perRequest - covered,
  };
}

export const STAGES_BENCHMARKS: Record<string, Benchmark> = {
  stages: { title: "Non-streamed chat request, in process: CPU µs per stage", run: stages },
};
