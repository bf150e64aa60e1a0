/**
 * Stream fault specs, as written in `x-fakeai-fault` and FAKEAI_STREAM_FAULT_TYPES:
 * `disconnect[:N]`, `malformed[:N]`, `error[:N]`, `stall[:N[:MS]]`, `slow_first_byte[:MS]`
 * (and `none`, header only). N counts emitted tokens (stream steps); MS is milliseconds.
 * A missing N or MS is filled in per stream (see resolveFault).
 */
import type { Prng } from "../util/prng.ts";

export const STREAM_FAULT_KINDS = [
  "disconnect",
  "malformed",
  "error",
  "stall",
  "slow_first_byte",
] as const;
export type StreamFaultKind = (typeof STREAM_FAULT_KINDS)[number];

/** A parsed spec; null where the spec left the value open. */
export type FaultSpec =
  | { kind: "disconnect" | "malformed" | "error"; step: number | null }
  | { kind: "stall"; step: number | null; ms: number | null }
  | { kind: "slow_first_byte"; ms: number | null }
  | { kind: "none" };

/** A fault with every value decided, ready to apply to one stream. */
export type StreamFault =
  | { kind: "disconnect" | "malformed" | "error"; step: number }
  | { kind: "stall"; step: number; ms: number }
  | { kind: "slow_first_byte"; ms: number };

/** Pause used when a stall or slow_first_byte spec names no duration. */
export const DEFAULT_FAULT_MS = 5000;

export type ParsedFault = { ok: true; value: FaultSpec } | { ok: false; error: string };

export function parseFaultSpec(text: string, allowNone = true): ParsedFault {
  const [kind, ...args] = text.trim().split(":").map((part) => part.trim());
  const bad = (why: string): ParsedFault => ({ ok: false, error: `"${text}": ${why}` });
  if (kind === "none" && allowNone) {
    return args.length === 0 ? { ok: true, value: { kind } } : bad("none takes no values");
  }
  if (!(STREAM_FAULT_KINDS as readonly string[]).includes(kind)) {
    return bad(
      `unknown fault (known: ${STREAM_FAULT_KINDS.join(", ")}${allowNone ? ", none" : ""})`,
    );
  }
  const max = kind === "stall" ? 2 : 1;
  if (args.length > max) return bad(`${kind} takes at most ${max} value${max > 1 ? "s" : ""}`);
  const values: Array<number | null> = [];
  for (const [i, arg] of args.entries()) {
    const isMs = kind === "slow_first_byte" || i === 1;
    const value = Number(arg);
    if (arg === "" || !Number.isFinite(value) || value < 0 || (!isMs && !Number.isInteger(value))) {
      return bad(isMs ? "MS must be a number >= 0" : "N must be an integer >= 0");
    }
    values.push(value);
  }
  const [first = null, second = null] = values;
  if (kind === "slow_first_byte") return { ok: true, value: { kind, ms: first } };
  if (kind === "stall") return { ok: true, value: { kind, step: first, ms: second } };
  return { ok: true, value: { kind: kind as "disconnect" | "malformed" | "error", step: first } };
}

/** Setting validation for FAKEAI_STREAM_FAULT_TYPES items (no `none` there). */
export function faultSpecProblem(item: string): string | null {
  const parsed = parseFaultSpec(item, false);
  return parsed.ok ? null : `invalid stream fault ${parsed.error}`;
}

/**
 * Fills a spec's open values for a stream of `steps` steps: N uniform over the stream's steps,
 * MS the default. N beyond the stream means "after the last token, before the closing events".
 */
export function resolveFault(spec: FaultSpec, steps: number, prng: Prng): StreamFault | null {
  const step = (n: number | null) => Math.min(n ?? prng.int(Math.max(1, steps)), steps);
  switch (spec.kind) {
    case "none":
      return null;
    case "slow_first_byte":
      return { kind: spec.kind, ms: spec.ms ?? DEFAULT_FAULT_MS };
    case "stall":
      return { kind: spec.kind, step: step(spec.step), ms: spec.ms ?? DEFAULT_FAULT_MS };
    default:
      return { kind: spec.kind, step: step(spec.step) };
  }
}
