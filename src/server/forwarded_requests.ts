/**
 * Requests handed over by another isolate of a multi-worker server, which has already admitted
 * them (auth, abuse checks, rate limits, faults) and will log and count them. This isolate only
 * runs the route, and reports what the access line and metrics need back through `report`.
 * Marked by object identity: nothing a client sends can make a request look forwarded.
 */
import type { AccessFields } from "./app_env.ts";

/** What the forwarding isolate's access line and request metrics need from the route. */
export interface ForwardedOutcome {
  routePattern: string;
  status: number;
  errorType?: string;
  access: AccessFields;
  /** Streamed responses: how the stream ended. */
  outcome?: string;
}

const forwarded = new WeakMap<Request, (outcome: ForwardedOutcome) => void>();

export function markForwarded(request: Request, report: (outcome: ForwardedOutcome) => void): void {
  forwarded.set(request, report);
}

/** The report function of a forwarded request; undefined for a request from a client. */
export function forwardedReport(
  request: Request,
): ((outcome: ForwardedOutcome) => void) | undefined {
  return forwarded.get(request);
}
