/**
 * The non-streamed wait of every generating route: fixed mode waits for the plan's precomputed
 * delay; engine mode submits the request to its worker's batch scheduler and waits for its last
 * step (the base response delay still applies on top).
 */
import type { Context } from "hono";
import type { SequenceHandle } from "../../engine/batching/worker_scheduler.ts";
import type { CompletionPlan } from "../../engine/plan.ts";
import type { AppEnv } from "../../server/app_env.ts";
import { checkFaultHeader, FAULT_HEADER } from "../../streaming/stream_fault_choice.ts";
import type { TimingRecord } from "../../timing/timing_record.ts";
import type { ApiDeps } from "../deps.ts";
import type { GenerationObserver } from "./generation_observer.ts";
import {
  awaitDue,
  observeGeneration,
  queueFull,
  releaseOnThrow,
  shutdownOr,
  submitBatched,
} from "./plan_response.ts";
import { beginTiming } from "./timing_hooks.ts";

/**
 * Waits until the plan's non-streamed response is due; rejects if the client goes away. Null when
 * it is due already (fixed mode without delays: what a throughput test runs), which takes no
 * promise and no turn of the event loop.
 */
function awaitNonStreamDue(
  c: Context<AppEnv>,
  deps: ApiDeps,
  plan: CompletionPlan,
): Promise<void> | null {
  const { engine } = deps;
  releaseOnThrow(deps, plan, () => checkFaultHeader(c.req.header(FAULT_HEADER)));
  const timing = beginTiming(c, deps, plan, false);
  const observer = observeGeneration(c, deps, plan, false);
  const batching = engine.batching !== null;
  let waiting: Promise<void> | null = null;
  if (batching) {
    waiting = runBatched(c, deps, plan, observer, timing).then((finishedAt) => {
      // The base response delay still applies on top of the simulated generation.
      const due = finishedAt + plan.nonStreamDelayMs - plan.stepOffsetsMs.last;
      timing?.due(0, due);
      return awaitDue(c, deps, due);
    });
  } else {
    const due = c.get("arrivedAt") + plan.nonStreamDelayMs;
    timing?.due(0, due);
    if (due > engine.clock.now()) waiting = awaitDue(c, deps, due);
  }
  const finish = (outcome: "completed" | "aborted") => {
    engine.finish(plan);
    observer.finish(outcome, engine.clock.now());
  };
  const complete = () => {
    try {
      if (!batching) observer.plannedSteps();
    } catch (err) {
      finish("aborted");
      throw err;
    }
    finish("completed");
  };
  if (waiting === null) {
    complete();
    return null;
  }
  return waiting.then(complete, (err) => {
    finish("aborted");
    throw err;
  });
}

/**
 * The non-streamed response, made by `respond` once it is due: at once (no promise) when it is
 * due already.
 */
export function respondWhenDue(
  c: Context<AppEnv>,
  deps: ApiDeps,
  plan: CompletionPlan,
  respond: () => Response,
): Response | Promise<Response> {
  const waiting = awaitNonStreamDue(c, deps, plan);
  return waiting ? waiting.then(respond) : respond();
}

/** Engine mode, non-streamed: resolves with the clock time of the last step. */
function runBatched(
  c: Context<AppEnv>,
  deps: ApiDeps,
  plan: CompletionPlan,
  observer: GenerationObserver,
  timing: TimingRecord | null,
): Promise<number> {
  const signal = c.req.raw.signal;
  const done = deps.lifecycle.track();
  return new Promise<number>((resolve, reject) => {
    let handle: SequenceHandle | null = null;
    let unhook = () => {};
    const settle = () => {
      signal.removeEventListener("abort", onAbort);
      unhook();
      done();
    };
    const onAbort = () => {
      handle?.cancel();
      settle();
      reject(shutdownOr(c, deps, signal.reason));
    };
    handle = submitBatched(deps, plan, observer, timing, (from, to, now, last) => {
      observer.steps(from, to, now);
      if (!last) return;
      settle();
      resolve(now);
    });
    if (!handle) {
      done();
      return reject(queueFull(deps));
    }
    signal.addEventListener("abort", onAbort, { once: true });
    unhook = deps.lifecycle.onAbortAll(onAbort);
  });
}
