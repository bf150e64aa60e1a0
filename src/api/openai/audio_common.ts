/** Shared by the /v1/audio routes: the simulated processing time and the SSE helpers. */
import type { Context } from "hono";
import { nonStreamDelayMs } from "../../engine/latency.ts";
import type { AppEnv } from "../../server/app_env.ts";
import { sleep } from "../../util/sleep.ts";
import { createPrng, deriveSeed } from "../../util/prng.ts";
import type { ApiDeps } from "../deps.ts";

/**
 * Runs a request's work (rendering, then the configured non-streamed response delay,
 * FAKEAI_RESPONSE_DELAY with its jitter) as one in-flight request for graceful shutdown.
 * `signal` aborts when the client goes away.
 */
export async function processRequest<T>(
  c: Context<AppEnv>,
  deps: ApiDeps,
  seedKey: string,
  work: (signal: AbortSignal) => Promise<T> | T,
): Promise<T> {
  const { engine, lifecycle } = deps;
  const signal = c.req.raw.signal;
  const done = lifecycle.track();
  try {
    const result = await work(signal);
    const prng = createPrng(deriveSeed(engine.settings.seed, "audio-delay", seedKey));
    const delay = nonStreamDelayMs(engine.settings.responseDelay, 0, prng);
    await sleep(engine.clock, c.get("arrivedAt") + delay - engine.clock.now(), signal);
    return result;
  } finally {
    done();
  }
}

/** `data: {json}\n\n` for each event: an SSE body sent in one piece. */
export function sseBody(events: readonly unknown[]): string {
  return events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join("");
}

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  "x-accel-buffering": "no",
};
