/** Error catalogue, the operations endpoints: metrics, metrics history, live metrics WebSocket. */
import { ApiError, type OpenAIErrorType } from "./api_error.ts";

export const opsErrors = {
  /** Scenarios in strict mode: no rule matched (or x-fakeai-scenario named an unknown rule). */
  scenarioNotMatched: (named?: string) =>
    new ApiError({
      status: 404,
      type: "invalid_request_error",
      message: named !== undefined
        ? `No scenario rule is named '${named}' (x-fakeai-scenario).`
        : "No scenario rule matched this request, and scenarios are in strict mode.",
      code: "scenario_not_matched",
    }),
  /** A scenario rule's scripted error, in the endpoint's envelope. */
  scriptedError: (e: { status: number; type: string; code: string | null; message: string }) =>
    new ApiError({
      status: e.status,
      type: e.type as OpenAIErrorType,
      message: e.message,
      code: e.code ?? undefined,
    }),
  metricsDisabled: () =>
    new ApiError({
      status: 404,
      type: "invalid_request_error",
      message: "Metrics are disabled on this server (FAKEAI_METRICS_ENABLED=false).",
      code: "metrics_disabled",
    }),
  metricsHistoryDisabled: () =>
    new ApiError({
      status: 404,
      type: "invalid_request_error",
      message: "Metrics history is off on this server: start it with " +
        "FAKEAI_METRICS_PERSISTENCE_ENABLED=true (and FAKEAI_METRICS_ENABLED=true).",
      code: "metrics_persistence_disabled",
    }),
  timingLedgerDisabled: () =>
    new ApiError({
      status: 404,
      type: "invalid_request_error",
      message: "The timing ledger is off on this server: start it with --timing-ledger " +
        "(FAKEAI_TIMING_LEDGER=true, or monitoring.timing_ledger: true in the config file).",
      code: "timing_ledger_disabled",
    }),
  timingRecordsIncomplete: (missing: number) =>
    new ApiError({
      status: 503,
      type: "server_error",
      message: `The timing records of ${missing} worker isolate(s) could not be read; ` +
        "the answer would be incomplete. Retry.",
      code: "timing_records_incomplete",
      headers: { "retry-after": "1" },
    }),
  timingRecordNotFound: (requestId: string) =>
    new ApiError({
      status: 404,
      type: "invalid_request_error",
      message: `No timing record for request '${requestId}': the ledger keeps the last ` +
        "FAKEAI_TIMING_LEDGER_MAX_REQUESTS generation requests (GET /v1/fakeai/timings lists them).",
      param: "request_id",
      code: "timing_record_not_found",
    }),
  metricNotFound: (metric: string) =>
    new ApiError({
      status: 404,
      type: "invalid_request_error",
      message: `No stored metric named '${metric}'. GET /metrics/history lists the stored ` +
        "metrics.",
      param: "metric",
      code: "metric_not_found",
    }),
  metricsDatabaseUnavailable: (reason: string) =>
    new ApiError({
      status: 503,
      type: "server_error",
      message: `The metrics database is unavailable: ${reason}`,
      code: "metrics_database_unavailable",
    }),
  invalidWebSocketHandshake: (reason: string) =>
    new ApiError({
      status: 400,
      type: "invalid_request_error",
      message: `Invalid WebSocket handshake: ${reason}`,
      code: "invalid_websocket_handshake",
    }),
  upgradeRequired: (path: string) =>
    new ApiError({
      status: 426,
      type: "invalid_request_error",
      message: `${path} is a WebSocket endpoint: connect with a WebSocket client ` +
        `(ws://host:port${path}).`,
      code: "upgrade_required",
      headers: { upgrade: "websocket", connection: "Upgrade" },
    }),
  tooManySubscribers: (max: number) =>
    new ApiError({
      status: 503,
      type: "service_unavailable",
      message: `Too many live metrics subscribers (at most ${max}, ` +
        "FAKEAI_METRICS_STREAM_MAX_CLIENTS). Retry later.",
      code: "too_many_subscribers",
      headers: { "retry-after": "5" },
    }),
};
