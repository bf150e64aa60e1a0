/**
 * Where the generating routes feed the timing ledger (FAKEAI_TIMING_LEDGER): a record begins
 * once a request has a plan; streamPlan and the non-streamed wait (nonstream_wait.ts) set due
 * and sent times; the middleware below ends the records a stream session does not end itself
 * (non-streamed responses, and streams refused or abandoned before their first byte). With the
 * ledger off nothing here runs beyond a null check.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { CompletionPlan } from "../../engine/plan.ts";
import type { AppEnv } from "../../server/app_env.ts";
import type { EndReason, TimingRecord } from "../../timing/timing_record.ts";
import type { Clock } from "../../util/clock.ts";
import type { ApiDeps } from "../deps.ts";
import type { StreamFault } from "../../config/stream_faults.ts";
import type { StepsWriter } from "../../streaming/stalled_steps.ts";

/** Starts timing a generation (null when the ledger is off). Non-streamed: one step, the body. */
export function beginTiming(
  c: Context<AppEnv>,
  deps: ApiDeps,
  plan: CompletionPlan,
  stream: boolean,
): TimingRecord | null {
  const ledger = deps.timingLedger;
  if (!ledger) return null;
  const endpoint = c.req.routePath;
  const record = ledger.begin({
    requestId: c.get("requestId"),
    endpoint,
    model: plan.model,
    stream,
    mode: deps.engine.batching ? "engine" : "fixed",
    arrivedMs: c.get("arrivedAt"),
    steps: stream ? plan.steps : 1,
    cachedTokens: plan.usage.cachedTokens,
  });
  const metrics = deps.metrics;
  if (metrics) {
    const series = metrics.latenessSeries(endpoint, plan.model);
    record.lateness = (ms) => metrics.stepLateness(series, ms / 1000);
  }
  c.set("timing", record);
  return record;
}

/**
 * After the route: a non-streamed record's body was handed to the HTTP server now (a success) or
 * never (an error); a streamed record still open here never got its stream.
 */
export function timingEnds(clock: Clock): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const record = c.get("timing");
    if (!record || record.ended) return;
    const status = c.res.status;
    const now = clock.now();
    if (status < 400) {
      if (record.stream) return; // its session ends it
      record.sent(0, now);
      return record.finish("done", now);
    }
    record.finish(failedEnd(c, status), now);
  };
}

function failedEnd(c: Context<AppEnv>, status: number): EndReason {
  if (c.req.raw.signal.aborted || status === 499) return "client_disconnect";
  if (c.get("errorType") === "shutting_down") return "shutdown";
  return "error";
}

/**
 * Engine mode with the ledger on: each step is due when the engine scheduled its decode step,
 * plus the stall fault's delay for the steps it holds back.
 */
export function timedWriter(
  timing: TimingRecord,
  write: StepsWriter,
  fault: StreamFault | null,
): (from: number, to: number, now: number, last: boolean, dueAt: number) => void {
  const stallFrom = fault?.kind === "stall" ? fault.step : Infinity;
  const stallMs = fault?.kind === "stall" ? fault.ms : 0;
  return (from, to, now, last, dueAt) => {
    for (let step = from; step < to; step++) {
      timing.due(step, step >= stallFrom ? dueAt + stallMs : dueAt);
    }
    write(from, to, now, last);
  };
}
