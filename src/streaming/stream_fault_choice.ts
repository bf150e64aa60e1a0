/**
 * Which fault, if any, a streamed response gets: the request's `x-fakeai-fault` header, else one
 * drawn at FAKEAI_STREAM_FAULT_RATE from FAKEAI_STREAM_FAULT_TYPES. Streams are numbered in
 * arrival order per engine; stream k draws from a PRNG seeded by (server seed, k), so a run
 * with the same seed and the same request order injects the same faults.
 */
import type { Config } from "../config/schema.ts";
import { parseFaultSpec, resolveFault, type StreamFault } from "../config/stream_faults.ts";
import { createPrng, deriveSeed } from "../util/prng.ts";
import { errors } from "../server/errors.ts";
import type { StepFault } from "./sse_session.ts";

export const FAULT_HEADER = "x-fakeai-fault";

const ordinals = new WeakMap<object, number>();

/** Checks the header on requests that are not streamed (faults apply to streams only). */
export function checkFaultHeader(header: string | undefined): void {
  if (header === undefined) return;
  const parsed = parseFaultSpec(header);
  if (!parsed.ok) throw errors.invalidHeader(FAULT_HEADER, parsed.error);
}

export function chooseStreamFault(
  config: Pick<Config, "seed" | "streamFaultRate" | "streamFaultTypes">,
  /** Whose streams are counted (the engine): one numbering per app. */
  owner: object,
  header: string | undefined,
  steps: number,
): StreamFault | null {
  if (
    header === undefined && (config.streamFaultRate <= 0 || config.streamFaultTypes.length === 0)
  ) {
    return null;
  }
  const ordinal = ordinals.get(owner) ?? 0;
  ordinals.set(owner, ordinal + 1);
  const prng = createPrng(deriveSeed(config.seed, "stream-fault", ordinal));
  if (header !== undefined) {
    const parsed = parseFaultSpec(header);
    if (!parsed.ok) throw errors.invalidHeader(FAULT_HEADER, parsed.error);
    return resolveFault(parsed.value, steps, prng);
  }
  if (!prng.chance(config.streamFaultRate)) return null;
  const parsed = parseFaultSpec(prng.pick(config.streamFaultTypes), false);
  // The setting's type validated every item when the configuration was loaded.
  return parsed.ok ? resolveFault(parsed.value, steps, prng) : null;
}

/** The part of a fault the session applies itself (stall and slow_first_byte act outside it). */
export function sessionFault(fault: StreamFault | null): StepFault | undefined {
  if (fault === null || fault.kind === "stall" || fault.kind === "slow_first_byte") {
    return undefined;
  }
  return { kind: fault.kind, step: fault.step };
}
