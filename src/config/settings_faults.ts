/** Streaming limits and fault injection settings. */
import { bool, list, num } from "./value_types.ts";
import { ERROR_INJECTION_TYPES } from "./choices.ts";
import { faultSpecProblem } from "./stream_faults.ts";
import { setting } from "./setting_definition.ts";

export const FAULT_SETTINGS = {
  // streaming
  streamTimeoutSeconds: setting({
    section: "streaming",
    name: "stream_timeout_seconds",
    env: "FAKEAI_STREAM_TIMEOUT_SECONDS",
    type: num(0),
    default: 300,
    doc:
      "Longest total stream duration; a stream still running then ends with an error event (0: no limit).",
  }),
  streamTokenTimeoutSeconds: setting({
    section: "streaming",
    name: "stream_token_timeout_seconds",
    env: "FAKEAI_STREAM_TOKEN_TIMEOUT_SECONDS",
    type: num(0),
    default: 30,
    doc:
      "Longest wait for the next token (keepalives do not count); then the stream ends with an error event (0: no limit).",
  }),
  streamKeepaliveEnabled: setting({
    section: "streaming",
    name: "stream_keepalive_enabled",
    env: "FAKEAI_STREAM_KEEPALIVE_ENABLED",
    type: bool,
    default: true,
    doc: "Send ': keepalive' SSE comments while a stream waits.",
  }),
  streamKeepaliveIntervalSeconds: setting({
    section: "streaming",
    name: "stream_keepalive_interval_seconds",
    env: "FAKEAI_STREAM_KEEPALIVE_INTERVAL_SECONDS",
    type: num(0.001),
    default: 15,
    doc: "Silence after which a keepalive comment is sent.",
  }),

  // error injection
  errorInjectionEnabled: setting({
    section: "error_injection",
    name: "enabled",
    env: "FAKEAI_ERROR_INJECTION_ENABLED",
    type: bool,
    default: false,
    doc:
      "Inject errors into /v1 requests at the configured rate (x-fakeai-error forces one anyway).",
  }),
  errorInjectionRate: setting({
    section: "error_injection",
    name: "rate",
    env: "FAKEAI_ERROR_INJECTION_RATE",
    type: num(0, 1),
    default: 0,
    doc: "Share of requests that get an injected error.",
  }),
  errorInjectionTypes: setting({
    section: "error_injection",
    name: "types",
    env: "FAKEAI_ERROR_INJECTION_TYPES",
    type: list((t) =>
      (ERROR_INJECTION_TYPES as readonly string[]).includes(t)
        ? null
        : `unknown error type "${t}" (known: ${ERROR_INJECTION_TYPES.join(", ")})`
    ),
    default: ["internal_error", "service_unavailable"],
    doc: "Error types to inject.",
  }),
  errorInjectionTimeoutSeconds: setting({
    section: "error_injection",
    name: "timeout_seconds",
    env: "FAKEAI_ERROR_INJECTION_TIMEOUT_SECONDS",
    type: num(0),
    default: 30,
    doc: "How long an injected `timeout` holds the request before dropping the connection.",
  }),
  streamFaultRate: setting({
    section: "error_injection",
    name: "stream_fault_rate",
    env: "FAKEAI_STREAM_FAULT_RATE",
    type: num(0, 1),
    default: 0,
    doc: "Share of streamed responses that get a stream fault (x-fakeai-fault forces one anyway).",
  }),
  streamFaultTypes: setting({
    section: "error_injection",
    name: "stream_fault_types",
    env: "FAKEAI_STREAM_FAULT_TYPES",
    type: list(faultSpecProblem),
    default: ["disconnect", "malformed", "error", "stall", "slow_first_byte"],
    doc:
      "Stream faults to inject: disconnect[:N], malformed[:N], error[:N], stall[:N[:MS]], slow_first_byte[:MS].",
  }),
} as const;
