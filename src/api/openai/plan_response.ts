/**
 * Shared by every generating route: the non-streamed wait (response delay + stream duration on
 * the injected clock) and the streamed response driven by the shared token clock.
 */
import type { Context } from "hono";
import type { CompletionPlan } from "../../engine/plan.ts";
import type { AppEnv } from "../../server/app_env.ts";
import { errors } from "../../server/errors.ts";
import { sleep } from "../../server/sleep.ts";
import { sseStream } from "../../server/sse_stream.ts";
import type { ApiDeps } from "../deps.ts";

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  "x-accel-buffering": "no",
};

export interface StepRenderer {
  /** All events of emission step k. */
  render(step: number): string;
  /** Finish events, usage and the terminator, written right after the last step. */
  closing(): string;
}

/** Waits until the plan's non-streamed response is due; rejects if the client goes away. */
export async function awaitNonStreamDue(
  c: Context<AppEnv>,
  deps: ApiDeps,
  plan: CompletionPlan,
): Promise<void> {
  const arrivedAt = c.get("arrivedAt");
  deps.metrics?.generationStarted(plan.model);
  let finishReason = "abort";
  try {
    await awaitDue(c, deps, arrivedAt + plan.nonStreamDelayMs);
    finishReason = plan.choices[0]?.finishReason ?? "stop";
  } finally {
    deps.engine.finish(plan);
    const offsets = plan.stepOffsetsMs;
    deps.metrics?.generationFinished({
      model: plan.model,
      promptTokens: plan.usage.promptTokens,
      completionTokens: finishReason === "abort" ? 0 : plan.usage.completionTokens,
      finishReason,
      ttftSeconds: offsets[0] / 1000,
      e2eSeconds: (deps.engine.clock.now() - arrivedAt) / 1000,
      queueSeconds: 0,
      itlSeconds: offsets.slice(1).map((t, i) => (t - offsets[i]) / 1000),
    });
  }
}

/**
 * Holds a non-streamed response until the clock reaches `due`. A client disconnect rejects
 * (nobody is listening); the end of the shutdown grace period answers 503 shutting_down.
 */
export async function awaitDue(c: Context<AppEnv>, deps: ApiDeps, due: number): Promise<void> {
  const done = deps.lifecycle.track();
  try {
    const signal = AbortSignal.any([c.req.raw.signal, deps.lifecycle.shutdownSignal]);
    await sleep(deps.engine.clock, due - deps.engine.clock.now(), signal);
  } catch (err) {
    if (deps.lifecycle.shutdownSignal.aborted && !c.req.raw.signal.aborted) {
      throw errors.shuttingDown();
    }
    throw err;
  } finally {
    done();
  }
}

export function streamPlan(
  c: Context<AppEnv>,
  deps: ApiDeps,
  plan: CompletionPlan,
  renderer: StepRenderer,
): Response {
  const { engine, lifecycle, config } = deps;
  const arrivedAt = c.get("arrivedAt");
  const done = lifecycle.track();
  const observe = streamObserver(deps, plan, arrivedAt);
  let resolveEnd!: (outcome: "completed" | "aborted") => void;
  c.set("streamEnd", new Promise((resolve) => (resolveEnd = resolve)));
  const stream = sseStream(
    {
      dueAt: plan.stepOffsetsMs.map((offset) => arrivedAt + offset),
      render: (step) => renderer.render(step),
      closing: () => renderer.closing(),
    },
    {
      clock: engine.clock,
      tokenClock: engine.tokenClock,
      keepaliveMs: config.streamKeepaliveEnabled
        ? config.streamKeepaliveIntervalSeconds * 1000
        : null,
      signal: AbortSignal.any([c.req.raw.signal, lifecycle.shutdownSignal]),
      onStep: observe.step,
      onEnd(outcome) {
        done();
        engine.finish(plan);
        observe.end(outcome);
        resolveEnd(outcome);
      },
    },
  );
  return new Response(stream, { status: 200, headers: SSE_HEADERS });
}

/** Records the request's model and token usage for the access log and metrics. */
export function recordUsage(c: Context<AppEnv>, plan: CompletionPlan, stream: boolean): void {
  c.set("access", {
    model: plan.model,
    prompt_tokens: plan.usage.promptTokens,
    completion_tokens: plan.usage.completionTokens,
    stream,
  });
}

/** Feeds a stream's real timing (as written to the client) into the metrics. */
function streamObserver(deps: ApiDeps, plan: CompletionPlan, arrivedAt: number) {
  const metrics = deps.metrics;
  if (!metrics) return { step: undefined, end: () => {} };
  metrics.streamStarted();
  metrics.generationStarted(plan.model);
  let firstAt = -1;
  let lastAt = -1;
  let steps = 0;
  return {
    step(step: number, now: number): void {
      steps++;
      if (step === 0) {
        firstAt = now;
        metrics.streamFirstToken(plan.model, (now - arrivedAt) / 1000);
      } else metrics.streamToken(plan.model, (now - lastAt) / 1000);
      lastAt = now;
    },
    end(outcome: "completed" | "aborted"): void {
      const now = deps.engine.clock.now();
      const completed = outcome === "completed";
      const tokens = completed ? plan.usage.completionTokens : steps * plan.choices.length;
      const generationSeconds = (now - firstAt) / 1000;
      metrics.streamEnded(
        completed ? "completed" : "failed",
        completed && firstAt >= 0 && generationSeconds > 0 ? tokens / generationSeconds : null,
      );
      metrics.generationFinished({
        model: plan.model,
        promptTokens: plan.usage.promptTokens,
        completionTokens: tokens,
        finishReason: completed ? plan.choices[0]?.finishReason ?? "stop" : "abort",
        ttftSeconds: firstAt >= 0 ? (firstAt - arrivedAt) / 1000 : (now - arrivedAt) / 1000,
        e2eSeconds: (now - arrivedAt) / 1000,
        queueSeconds: 0,
      });
    },
  };
}
