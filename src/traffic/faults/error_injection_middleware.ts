/**
 * Error injection on the API routes (/v1/*), last in the traffic-control chain. The request's
 * `x-fakeai-error: <type|status|none>` forces (or suppresses) one, whether injection is enabled
 * or not; otherwise, with FAKEAI_ERROR_INJECTION_ENABLED, a share FAKEAI_ERROR_INJECTION_RATE of
 * requests gets one of FAKEAI_ERROR_INJECTION_TYPES. Request k (in arrival order) draws from a
 * PRNG seeded by (server seed, k): the same seed and request order inject the same errors.
 * `timeout` holds the request for FAKEAI_ERROR_INJECTION_TIMEOUT_SECONDS, then drops it.
 */
import type { Context, MiddlewareHandler, Next } from "hono";
import type { Config } from "../../config/schema.ts";
import { ContextWindows } from "../../engine/context_window.ts";
import { effectiveLimits } from "../../config/rate_limit_tiers.ts";
import type { Engine } from "../../engine/engine.ts";
import { createPrng, deriveSeed } from "../../util/prng.ts";
import type { AppEnv } from "../../server/app_env.ts";
import { droppedResponse } from "../../streaming/connection_drop.ts";
import { errors } from "../../server/errors.ts";
import {
  ERROR_SELECTORS,
  injectedError,
  type InjectedErrorKind,
  parseErrorSelector,
} from "./injected_errors.ts";
import type { Lifecycle } from "../../server/lifecycle.ts";
import { sleep } from "../../util/sleep.ts";
import { estimateCharge } from "../rate_limit/rate_limit_charge.ts";
import { clientIp, limiterIdentity, organizationId } from "../rate_limit/rate_limit_identity.ts";

export const ERROR_HEADER = "x-fakeai-error";

export interface ErrorInjectionDeps {
  config: Config;
  engine: Engine;
  lifecycle: Lifecycle;
}

export function errorInjection(deps: ErrorInjectionDeps): MiddlewareHandler<AppEnv> {
  const { config, engine, lifecycle } = deps;
  const random = config.errorInjectionEnabled && config.errorInjectionRate > 0 &&
    config.errorInjectionTypes.length > 0;
  const windows = new ContextWindows(config.contextWindows, config.defaultContextWindow);
  let ordinal = 0;

  /** The kind this request gets (null: none) and the PRNG for its details. */
  const decide = (header: string | undefined, batchLine: boolean) => {
    if (header !== undefined) {
      const kind = parseErrorSelector(header);
      if (kind === null) {
        throw errors.invalidHeader(
          ERROR_HEADER,
          `expected one of ${ERROR_SELECTORS.join(", ")}, got "${header}"`,
        );
      }
      const prng = createPrng(deriveSeed(config.seed, "error-injection", "forced", header));
      return kind === "none" ? null : { kind, prng };
    }
    // Batch lines run in-process: the batch-creating request is the one to inject into.
    if (!random || batchLine) return null;
    const prng = createPrng(deriveSeed(config.seed, "error-injection", ordinal++));
    if (!prng.chance(config.errorInjectionRate)) return null;
    return { kind: prng.pick(config.errorInjectionTypes) as InjectedErrorKind, prng };
  };

  return (c, next) => {
    const header = c.req.header(ERROR_HEADER);
    // Nothing forced and nothing random (the common case): nothing to decide.
    if (header === undefined && !random) return next();
    if (c.req.method === "OPTIONS" || !c.req.path.startsWith("/v1/")) return next();
    return injectInto(c, next, header);
  };

  async function injectInto(c: Context<AppEnv>, next: Next, header: string | undefined) {
    // Batch lines come from the in-process runner: no socket peer (a header alone proves nothing).
    const batchLine = clientIp(c.env) === null && c.req.header("x-fakeai-batch") === "1";
    const chosen = decide(header, batchLine);
    if (chosen === null) return await next();
    const { kind, prng } = chosen;
    c.set("errorType", kind);
    if (kind === "timeout") {
      await hold(config.errorInjectionTimeoutSeconds * 1000, c.req.raw.signal);
      return droppedResponse();
    }
    const charge = await estimateCharge(c.req.raw, c.req.path, config.maxRequestSize);
    const answer = injectedError(kind, {
      path: c.req.path,
      requestId: c.get("requestId"),
      model: charge.model,
      organization: organizationId(limiterIdentity(c.get("verifiedKey"), clientIp(c.env))),
      limits: effectiveLimits(config.rateLimitTier, config.rateLimitRpm, config.rateLimitTpm),
      contextWindow: windows.windowFor(charge.model ?? ""),
      prng,
    });
    if (answer instanceof Response) return answer;
    throw answer;
  }

  /** Waits on the engine clock; a client disconnect or the end of the grace period cuts it. */
  async function hold(ms: number, signal: AbortSignal): Promise<void> {
    const done = lifecycle.track();
    try {
      await sleep(engine.clock, ms, signal, (fn) => lifecycle.onAbortAll(fn));
    } catch {
      /* dropped now instead */
    } finally {
      done();
    }
  }
}
