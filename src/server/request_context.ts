/**
 * Request id (the client's x-request-id or a new one), openai-processing-ms, and one access-log
 * line per request — written when a streamed response has ended, so it carries the token counts;
 * its level and msg come from the status (access_summary.ts).
 */
import type { MiddlewareHandler } from "hono";
import type { Clock } from "../util/clock.ts";
import type { IdGenerator } from "../util/ids.ts";
import type { AccessFields, AppEnv, StreamEnd } from "./app_env.ts";
import { setResponseHeader } from "./response_headers.ts";
import type { Logger } from "../util/logger.ts";
import type { MetricsRegistry } from "../metrics/registry.ts";
import { type ForwardedOutcome, forwardedReport } from "./forwarded_requests.ts";
import { accessSummary } from "./access_summary.ts";

const VALID_REQUEST_ID = /^[\w.:\-]{1,128}$/;

export interface RequestContextDeps {
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  /** Absent or null when metrics are off. */
  metrics?: MetricsRegistry | null;
}

/** What the access line and the request metrics need, read from the context at response time. */
interface AccessLine {
  requestId: string;
  arrivedAt: number;
  method: string;
  path: string;
  status: number;
  routePath: string;
  errorType: string | undefined;
  /** The route's object: a stream's token counts are filled in as it runs. */
  access: AccessFields;
  /** Set when another isolate forwarded the request: it writes the line, this one reports. */
  report: ((outcome: ForwardedOutcome) => void) | undefined;
}

export function requestContext(deps: RequestContextDeps): MiddlewareHandler<AppEnv> {
  const { clock, ids, logger, metrics = null } = deps;
  const write = (line: AccessLine, end?: StreamEnd) => {
    const { status, access } = line;
    const routePattern = endpointLabel(end?.routePattern ?? line.routePath, status);
    const errorType = end?.errorType ?? line.errorType;
    const outcome = end?.outcome;
    if (line.report) return line.report({ routePattern, status, errorType, access, outcome });
    const latencyMs = clock.now() - line.arrivedAt;
    metrics?.request({
      endpoint: routePattern,
      method: line.method,
      status,
      model: access.model,
      latencySeconds: latencyMs / 1000,
      errorType,
      promptTokens: access.prompt_tokens,
      completionTokens: access.completion_tokens,
    });
    if (!logger.logsAccess) return;
    const summary = accessSummary(status, errorType);
    logger.access(summary.level, summary.msg, {
      request_id: line.requestId,
      method: line.method,
      path: line.path,
      status,
      error_type: summary.errorType, // undefined (left out) below 400
      latency_ms: Math.round(latencyMs * 100) / 100,
      ...access,
      ...(outcome ? { outcome } : {}),
    });
  };
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
    // Read now, not when a stream ends: an open stream must not keep the context alive (with it
    // the request, the response and the parsed body), so no closure here may refer to `c`.
    const line: AccessLine = {
      requestId,
      arrivedAt,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      routePath: c.get("routePattern") ?? c.req.routePath,
      errorType: c.get("errorType"),
      access: c.get("access"),
      report: forwardedReport(c.req.raw),
    };
    const streamEnd = c.get("streamEnd");
    if (streamEnd) streamEnd.then((end) => write(line, end));
    else write(line);
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
