/**
 * Security middleware (after auth, before rate limiting): answers banned clients 403, registers
 * the JSON body check for POST /v1/* (input limits, injection detection; run by readJsonBody on
 * the parsed body), and counts the request's outcome as a violation of its client when it is one.
 * A pass-through when every feature is off.
 */
import type { MiddlewareHandler } from "hono";
import type { Config } from "../../config/schema.ts";
import type { MetricsRegistry } from "../../metrics/registry.ts";
import type { Clock } from "../../util/clock.ts";
import type { AppEnv } from "../../server/app_env.ts";
import { setBodyInspector } from "../../server/body_inspection.ts";
import { errors } from "../../server/errors.ts";
import type { Logger } from "../../util/logger.ts";
import { type AbuseCheck, AbuseTracker } from "./abuse_tracker.ts";
import { bodyInspectorFor } from "./body_inspector.ts";
import { clientIp, peerAddress, TrustedProxies } from "./client_ip.ts";
import { abuseOptionsOf, jsonLimitsOf, securityFeatures } from "./security_config.ts";
import { isViolation } from "./violations.ts";
import { passThrough } from "../../server/pass_through.ts";

export interface SecurityDeps {
  config: Config;
  clock: Clock;
  logger: Logger;
  metrics: MetricsRegistry | null;
  /**
   * Tests pass their own to look inside, a multi-worker server its shared one (the owner's
   * tracker, a worker's BanReplica); otherwise one is made from the config.
   */
  abuse?: AbuseCheck;
}

/** Monitoring and health checks stay reachable for a banned address (often a proxy or probe). */
function neverBanned(path: string): boolean {
  return path === "/health" || path === "/health/detailed" || path === "/metrics" ||
    path.startsWith("/metrics/");
}

export function security(deps: SecurityDeps): MiddlewareHandler<AppEnv> {
  const { config, logger, metrics } = deps;
  const features = securityFeatures(config);
  const limits = features.inputValidation ? jsonLimitsOf(config) : null;
  const checksBodies = limits !== null || features.injectionDetection;
  const abuse = !features.abuseDetection ? null : deps.abuse ?? new AbuseTracker({
    clock: deps.clock,
    options: abuseOptionsOf(config),
    onEvent: (event) => metrics?.abuse.inc([event]),
  });
  const proxies = new TrustedProxies(config.trustedProxies);
  if (!checksBodies && !abuse) return passThrough;

  return async (c, next) => {
    const path = c.req.path;
    if (checksBodies && c.req.method === "POST" && path.startsWith("/v1/")) {
      const inspector = bodyInspectorFor(path, limits, features.injectionDetection);
      if (inspector) setBodyInspector(c.req.raw, inspector);
    }
    const client = abuse && !neverBanned(path)
      ? clientIp(peerAddress(c.env), c.req.header("x-forwarded-for"), proxies)
      : null;
    if (abuse && client !== null) {
      const remainingMs = abuse.check(client);
      if (remainingMs > 0) throw errors.clientBanned(Math.ceil(remainingMs / 1000));
    }
    await next();
    if (
      abuse && client !== null &&
      isViolation(c.res.status, c.get("errorType"), config.rateLimitEnabled)
    ) {
      const ban = await abuse.recordViolation(client);
      if (ban) {
        logger.warn("client banned", {
          client,
          ban_seconds: ban.banMs / 1000,
          offenses: ban.offenses,
          request_id: c.get("requestId"),
        });
      }
    }
  };
}
