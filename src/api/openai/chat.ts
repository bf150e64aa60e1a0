/** POST /v1/chat/completions: validate → plan → JSON after the delay, or SSE on the token clock. */
import type { ApiDeps } from "../deps.ts";
import { readJsonBody } from "../../server/body.ts";
import type { App } from "../../server/app_env.ts";
import { errors } from "../../server/errors.ts";
import { sseStream } from "../../server/sse_stream.ts";
import { parseRequest } from "../validation.ts";
import { toPlanInput } from "./chat_checks.ts";
import { ChatChunkWriter, chatCompletionBody } from "./chat_render.ts";
import { chatRequestSchema } from "./chat_schema.ts";
import { readOverrides } from "./request_overrides.ts";
import { sleep } from "../../server/sleep.ts";
import { eventCount } from "../../engine/plan.ts";

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  "x-accel-buffering": "no",
};

export function registerChat(app: App, deps: ApiDeps): void {
  const { engine, lifecycle, config } = deps;
  const keepaliveMs = config.streamKeepaliveEnabled
    ? config.streamKeepaliveIntervalSeconds * 1000
    : null;
  app.post("/v1/chat/completions", async (c) => {
    const body = await readJsonBody(c.req.raw, config.maxRequestSize);
    const req = parseRequest(chatRequestSchema, body);
    const overrides = readOverrides((name) => c.req.header(name));
    if (!engine.models.admit(req.model)) throw errors.modelNotFound(req.model);
    const plan = engine.planChat(toPlanInput(req, overrides));
    const arrivedAt = c.get("arrivedAt");
    c.set("access", {
      model: req.model,
      prompt_tokens: plan.usage.promptTokens,
      completion_tokens: plan.usage.completionTokens,
      stream: req.stream === true,
    });

    if (!req.stream) {
      const done = lifecycle.track();
      try {
        await sleep(
          engine.clock,
          arrivedAt + plan.nonStreamDelayMs - engine.clock.now(),
          c.req.raw.signal,
        );
      } finally {
        done();
      }
      return c.json(chatCompletionBody(plan));
    }

    const writer = new ChatChunkWriter(plan, req.stream_options?.include_usage === true);
    const lengths = plan.choices.map(eventCount);
    const done = lifecycle.track();
    let resolveEnd!: (outcome: "completed" | "aborted") => void;
    c.set("streamEnd", new Promise((resolve) => (resolveEnd = resolve)));
    const stream = sseStream(
      {
        dueAt: plan.stepOffsetsMs.map((offset) => arrivedAt + offset),
        render(step) {
          let text = "";
          for (let i = 0; i < plan.choices.length; i++) {
            const choice = plan.choices[i];
            if (step === 0) text += writer.role(choice);
            if (step < lengths[i]) text += writer.step(choice, step);
            if (step === Math.max(0, lengths[i] - 1)) text += writer.finish(choice);
          }
          return text;
        },
        closing: () => writer.end(),
      },
      {
        clock: engine.clock,
        tokenClock: engine.tokenClock,
        keepaliveMs,
        signal: AbortSignal.any([c.req.raw.signal, lifecycle.shutdownSignal]),
        onEnd(outcome) {
          done();
          resolveEnd(outcome);
        },
      },
    );
    return new Response(stream, { status: 200, headers: SSE_HEADERS });
  });
}
