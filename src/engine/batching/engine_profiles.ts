/**
 * Engine latency mode: continuous batching per worker, after vLLM's scheduler.
 *   prefill_ms(uncached)  = prefill_base_ms + uncached_prompt_tokens × prefill_per_token_ms
 *   decode_step_ms(batch) = decode_base_ms + decode_per_seq_ms × running_sequences
 * A request waits while max_num_seqs sequences run, then prefills (only its uncached tokens),
 * then emits one token per decode step of its worker. So TTFT = queue wait + prefill + the wait
 * for the next step boundary, and ITL = decode_step_ms(batch) grows as requests join.
 * Profiles are rough fits of published vLLM throughput for typical deployments.
 */

import type { EngineProfileName } from "../../config/choices.ts";

export interface EngineProfile {
  maxNumSeqs: number;
  prefillBaseMs: number;
  prefillPerTokenMs: number;
  decodeBaseMs: number;
  decodePerSeqMs: number;
}

export const ENGINE_PROFILES: Record<EngineProfileName, EngineProfile & { description: string }> = {
  "small-h100": {
    description: "8B model, bf16, one H100",
    maxNumSeqs: 256,
    prefillBaseMs: 5,
    prefillPerTokenMs: 0.04,
    decodeBaseMs: 7,
    decodePerSeqMs: 0.06,
  },
  "large-h100": {
    description: "70B model, bf16, 4×H100 tensor parallel",
    maxNumSeqs: 128,
    prefillBaseMs: 15,
    prefillPerTokenMs: 0.15,
    decodeBaseMs: 20,
    decodePerSeqMs: 0.2,
  },
  "small-a100": {
    description: "8B model, bf16, one A100",
    maxNumSeqs: 256,
    prefillBaseMs: 8,
    prefillPerTokenMs: 0.08,
    decodeBaseMs: 12,
    decodePerSeqMs: 0.1,
  },
  "large-a100": {
    description: "70B model, bf16, 4×A100 tensor parallel",
    maxNumSeqs: 128,
    prefillBaseMs: 25,
    prefillPerTokenMs: 0.3,
    decodeBaseMs: 35,
    decodePerSeqMs: 0.35,
  },
};

export function prefillMs(profile: EngineProfile, uncachedTokens: number): number {
  return profile.prefillBaseMs + uncachedTokens * profile.prefillPerTokenMs;
}

export function decodeStepMs(profile: EngineProfile, runningSequences: number): number {
  return profile.decodeBaseMs + profile.decodePerSeqMs * runningSequences;
}
