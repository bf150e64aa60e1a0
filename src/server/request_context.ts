/**
 * Request id (the client's x-request-id or a new one), openai-processing-ms, and one access-log
 * line per request — written when a streamed response has ended, so it carries the token counts;
 * its level and msg come from the status (access_summary.ts).
 */
import type { MiddlewareHandler } from "hono";
import type { Clock } from "../util/clock.ts";
import type { IdGenerator } from "../util/ids.ts";
import type { AppEnv } from "./app_env.ts";
import { setResponseHeader } from "./response_headers.ts";
import type { Logger } from "../util/logger.ts";
import type { MetricsRegistry } from "../metrics/registry.ts";
import { forwardedReport } from "./forwarded_requests.ts";
import { accessSummary } from "./access_summary.ts";

const VALID_REQUEST_ID = /^[\w.:\-]{1,128}$/;

export interface RequestContextDeps {
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  /** Absent or null when metrics are off. */
  metrics?: MetricsRegistry | null;
}

export function requestContext(deps: RequestContextDeps): MiddlewareHandler<AppEnv> {
  const { clock, ids, logger, metrics = null } = deps;
  return async (c, next) => {
    const arrivedAt = clock.now();
    const given = c.req.header("x-request-id");
    const requestId = given && VALID_REQUEST_ID.test(given) ? given : ids.next("req_", 24);
    c.set("requestId", requestId);
    c.set("arrivedAt", arrivedAt);
    c.set("access", {});
    await next();
    setResponseHeader(c, "x-request-id", requestId);
    const rule = c.get("scenarioRule");
    if (rule !== undefined) setResponseHeader(c, "x-fakeai-scenario-rule", rule);
    setResponseHeader(c, "openai-processing-ms", String(Math.round(clock.now() - arrivedAt)));
    const report = forwardedReport(c.req.raw);
    const write = (outcome?: string) => {
      if (report) {
        const routePattern = endpointLabel(c.get("routePattern") ?? c.req.routePath, c.res.status);
        const { status } = c.res;
        return report({
          routePattern,
          status,
          errorType: c.get("errorType"),
          access: c.get("access"),
          outcome,
        });
      }
      const latencySeconds = (clock.now() - arrivedAt) / 1000;
      const access = c.get("access");
      metrics?.request({
        endpoint: endpointLabel(c.get("routePattern") ?? c.req.routePath, c.res.status),
        method: c.req.method,
        status: c.res.status,
        model: access.model,
        latencySeconds,
        errorType: c.get("errorType"),
        promptTokens: access.prompt_tokens,
        completionTokens: access.completion_tokens,
      });
      if (!logger.logsAccess) return;
      const { status } = c.res;
      const { level, msg, errorType } = accessSummary(status, c.get("errorType"));
      logger.access(level, msg, {
        request_id: requestId,
        method: c.req.method,
        path: c.req.path,
        status,
        error_type: errorType, // undefined (left out) below 400
        latency_ms: Math.round((clock.now() - arrivedAt) * 100) / 100,
        ...c.get("access"),
        ...(outcome ? { outcome } : {}),
      });
    };
    const streamEnd = c.get("streamEnd");
    if (streamEnd) streamEnd.then(write);
    else write();
  };
}

/** The route pattern as a bounded label; requests that matched no route share one value. */
function endpointLabel(routePath: string, status: number): string {
  if (routePath === "/*" || routePath === "*" || (status === 404 && routePath === "")) {
    return "unmatched";
  }
  let label = endpointLabels.get(routePath);
  if (label === undefined) {
    label = routePath.replace(/\{[^}]*\}/g, "");
    endpointLabels.set(routePath, label);
  }
  return label;
}

/** Route patterns are the app's own (a bounded set): each label is worked out once. */
const endpointLabels = new Map<string, string>();
