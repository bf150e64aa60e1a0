/** Per-request test controls: x-fakeai-ttft-ms, x-fakeai-itl-ms, x-fakeai-output-tokens, x-fakeai-seed. */
import { errors } from "../../server/errors.ts";

export interface RequestOverrides {
  ttftMs?: number;
  itlMs?: number;
  outputTokens?: number;
  seed?: number;
  responseDelayMs?: number;
}

export const OVERRIDE_HEADERS = {
  "x-fakeai-ttft-ms": "Time to first token for this request, ms (number >= 0).",
  "x-fakeai-itl-ms": "Inter-token latency for this request, ms (number >= 0).",
  "x-fakeai-output-tokens": "Exact number of output tokens (integer >= 0), like ignore_eos.",
  "x-fakeai-seed": "Seed for this request (integer), as if the body had `seed`.",
  "x-fakeai-error":
    "Force an injected error on this request: a type (internal_error, bad_gateway, service_unavailable, gateway_timeout, rate_limit_quota, insufficient_quota, context_length, timeout), a status, or none.",
  "x-fakeai-fault":
    "Force a stream fault: disconnect[:N], malformed[:N], error[:N], stall[:N[:MS]], slow_first_byte[:MS], or none.",
  "x-fakeai-response-delay-ms":
    "Base delay of this non-streamed response, ms (number >= 0), replacing FAKEAI_RESPONSE_DELAY and its variance.",
} as const;

export function readOverrides(header: (name: string) => string | undefined): RequestOverrides {
  const out: RequestOverrides = {};
  const ttft = number(header, "x-fakeai-ttft-ms", false, 0);
  if (ttft !== undefined) out.ttftMs = ttft;
  const itl = number(header, "x-fakeai-itl-ms", false, 0);
  if (itl !== undefined) out.itlMs = itl;
  const tokens = number(header, "x-fakeai-output-tokens", true, 0);
  if (tokens !== undefined) out.outputTokens = tokens;
  const seed = number(header, "x-fakeai-seed", true, Number.MIN_SAFE_INTEGER);
  if (seed !== undefined) out.seed = seed;
  const delay = number(header, "x-fakeai-response-delay-ms", false, 0);
  if (delay !== undefined) out.responseDelayMs = delay;
  return out;
}

function number(
  header: (name: string) => string | undefined,
  name: string,
  integer: boolean,
  min: number,
): number | undefined {
  const raw = header(name);
  if (raw === undefined) return undefined;
  const text = raw.trim();
  const value = Number(text);
  if (
    text === "" || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min
  ) {
    const kind = integer ? "an integer" : "a number";
    throw errors.invalidHeader(name, `expected ${kind}${min === 0 ? " >= 0" : ""}, got "${raw}"`);
  }
  return value;
}
