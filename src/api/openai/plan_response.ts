/**
 * Shared by every generating route: the streamed response (the non-streamed wait is in
 * nonstream_wait.ts), in either latency mode. Fixed mode follows the plan's precomputed timeline;
 * engine mode submits the request to its worker's batch scheduler, which decides when each step
 * happens (and may refuse it when the queue is full — before any byte is sent).
 */
import type { Context } from "hono";
import type { SequenceHandle, SequenceHooks } from "../../engine/batching/worker_scheduler.ts";
import type { CompletionPlan } from "../../engine/plan.ts";
import type { TimingRecord } from "../../timing/timing_record.ts";
import type { AppEnv, StreamEnd } from "../../server/app_env.ts";
import { type ApiError, errors } from "../../server/errors.ts";
import { sleep } from "../../util/sleep.ts";
import { sseStream } from "../../streaming/fixed_driver.ts";
import { plannedSchedule } from "../../streaming/step_schedule.ts";
import { type SessionOptions, SseSession, type StepRenderer } from "../../streaming/sse_session.ts";
import type { StreamErrorInfo } from "../../streaming/stream_errors.ts";
import { stalledWriter, type StepsWriter } from "../../streaming/stalled_steps.ts";
import {
  chooseStreamFault,
  FAULT_HEADER,
  sessionFault,
} from "../../streaming/stream_fault_choice.ts";
import {
  fixedCutoff,
  type StreamLimits,
  watchStreamLimits,
} from "../../streaming/stream_limits.ts";
import type { ApiDeps } from "../deps.ts";
import { GenerationObserver } from "./generation_observer.ts";
import { beginTiming, timedWriter } from "./timing_hooks.ts";

export type { StepRenderer } from "../../streaming/sse_session.ts";

/** A route's stream event writer: its steps, its closing text and its error event. */
export interface EventWriter {
  render(step: number): string;
  closing(): string;
  error(error: StreamErrorInfo): string;
}

/**
 * The writer as a stream's renderer. Made here, not in the route: closures made in a route's
 * handler share its scope, and would keep the request's context alive for the whole stream.
 */
export function writerRenderer(writer: EventWriter): StepRenderer {
  return {
    render: (step) => writer.render(step),
    closing: () => writer.closing(),
    errorEvent: (error) => writer.error(error),
  };
}

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  "x-accel-buffering": "no",
};

/**
 * Holds a non-streamed response until the clock reaches `due`. A client disconnect rejects
 * (nobody is listening); the end of the shutdown grace period answers 503 shutting_down.
 */
export async function awaitDue(c: Context<AppEnv>, deps: ApiDeps, due: number): Promise<void> {
  if (due <= deps.engine.clock.now()) return;
  const done = deps.lifecycle.track();
  try {
    const shutdown = (fn: () => void) => deps.lifecycle.onAbortAll(fn);
    await sleep(deps.engine.clock, due - deps.engine.clock.now(), c.req.raw.signal, shutdown);
  } catch (err) {
    throw shutdownOr(c, deps, err);
  } finally {
    done();
  }
}

/**
 * The streamed response. A stream fault (x-fakeai-fault or FAKEAI_STREAM_FAULT_RATE) is decided
 * first; slow_first_byte holds the headers, stall delays steps, the others act inside the
 * session. The streaming limits end a stream that runs too long with an error event.
 */
export async function streamPlan(
  c: Context<AppEnv>,
  deps: ApiDeps,
  plan: CompletionPlan,
  renderer: StepRenderer,
): Promise<Response> {
  const { engine, lifecycle, config } = deps;
  // No closure in this function may refer to `c`: the stream's callbacks share this scope, and an
  // open stream must not keep the request's context (request, response, parsed body) alive.
  const asked = c.get("streamFault") ?? c.req.header(FAULT_HEADER);
  const fault = releaseOnThrow(
    deps,
    plan,
    () => chooseStreamFault(config, engine, asked, plan.steps),
  );
  const timing = beginTiming(c, deps, plan, true);
  if (timing && fault) timing.fault = fault.kind;
  const headerDelay = fault?.kind === "slow_first_byte" ? fault.ms : 0;
  if (headerDelay > 0) {
    try {
      await awaitDue(c, deps, engine.clock.now() + headerDelay);
    } catch (err) {
      engine.finish(plan);
      throw err;
    }
  }
  const arrivedAt = c.get("arrivedAt");
  const limits: StreamLimits = {
    startedAt: engine.clock.now(),
    totalSeconds: config.streamTimeoutSeconds,
    tokenSeconds: config.streamTokenTimeoutSeconds,
  };
  const batching = engine.batching;
  const observer = observeGeneration(c, deps, plan, true);
  const done = lifecycle.track();
  let resolveEnd!: (end: StreamEnd) => void;
  c.set("streamEnd", new Promise((resolve) => (resolveEnd = resolve)));
  const options: SessionOptions = {
    clock: engine.clock,
    tokenClock: engine.tokenClock,
    keepaliveMs: config.streamKeepaliveEnabled
      ? config.streamKeepaliveIntervalSeconds * 1000
      : null,
    signal: c.req.raw.signal,
    onShutdown: (fn) => lifecycle.onAbortAll(fn),
    onSteps: timing
      ? (from, to, now) => {
        observer.steps(from, to, now);
        const sentAt = engine.clock.now(); // the whole chunk was enqueued before this read
        for (let step = from; step < to; step++) timing.sent(step, sentAt);
      }
      : (from, to, now) => observer.steps(from, to, now),
    onEnd(outcome, reason) {
      done();
      engine.finish(plan);
      const now = engine.clock.now();
      observer.finish(outcome, now);
      timing?.finish(reason, now);
      resolveEnd({ outcome });
    },
    fault: sessionFault(fault),
  };
  let stream: ReadableStream<Uint8Array>;
  if (batching) {
    const session = new SseSession(renderer, options);
    const write: StepsWriter = fault?.kind === "stall"
      ? stalledWriter(session, engine.tokenClock, fault.step, fault.ms)
      : (_from, to, now, last) => session.writeSteps(to, now, last);
    const handle = submitBatched(
      deps,
      plan,
      observer,
      timing,
      timing ? timedWriter(timing, write, fault) : write,
    );
    if (!handle) {
      session.abort("error");
      c.set("streamEnd", undefined);
      throw queueFull(deps);
    }
    session.onFinish(() => handle.cancel());
    watchStreamLimits(session, engine.tokenClock, limits);
    stream = session.stream;
  } else {
    const stall = fault?.kind === "stall" ? fault : null;
    const schedule = plannedSchedule(plan.stepOffsetsMs, arrivedAt + headerDelay, stall);
    if (timing) {
      for (let step = 0; step < schedule.steps; step++) timing.due(step, schedule.dueAt(step));
    }
    stream = sseStream(
      { ...renderer, schedule },
      { ...options, cutoff: fixedCutoff(schedule, limits) },
    );
  }
  return new Response(stream, { status: 200, headers: SSE_HEADERS });
}

/** The observer feeding one generation's timing into the metrics (queued in engine mode). */
export function observeGeneration(
  c: Context<AppEnv>,
  deps: ApiDeps,
  plan: CompletionPlan,
  streamed: boolean,
): GenerationObserver {
  return new GenerationObserver({
    metrics: deps.metrics,
    plan,
    arrivedAt: c.get("arrivedAt"),
    streamed,
    queued: deps.engine.batching !== null,
  });
}

/**
 * Engine mode: submits the plan to its worker's batch scheduler (null when the queue is full).
 * The queue wait goes to the observer and the timing record; `onSteps` gets each decode step.
 */
export function submitBatched(
  deps: ApiDeps,
  plan: CompletionPlan,
  observer: GenerationObserver,
  timing: TimingRecord | null,
  onSteps: SequenceHooks["onSteps"],
): SequenceHandle | null {
  return deps.engine.batching!.submit({
    steps: plan.steps,
    uncachedTokens: plan.usage.promptTokens - plan.usage.cachedTokens,
    hooks: {
      onStart: (queuedMs) => {
        observer.dequeued(queuedMs);
        if (timing) timing.queueMs = queuedMs;
      },
      onSteps,
    },
  }, plan.cacheLeases[0]?.worker);
}

/** A bad fault header is a 400 after planning: the plan's cache leases go back first. */
export function releaseOnThrow<T>(deps: ApiDeps, plan: CompletionPlan, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    deps.engine.finish(plan);
    throw err;
  }
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

/** After an abort: 503 when the server's grace period ended, else the client's own abort. */
export function shutdownOr(c: Context<AppEnv>, deps: ApiDeps, err: unknown): unknown {
  return deps.lifecycle.shutdownSignal.aborted && !c.req.raw.signal.aborted
    ? errors.shuttingDown()
    : err;
}

/** The engine's queue is full: its configured status. */
export function queueFull(deps: ApiDeps): ApiError {
  return errors.engineOverloaded(Number(deps.config.engineQueueFullStatus));
}
