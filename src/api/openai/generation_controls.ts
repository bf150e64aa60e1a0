/**
 * Request fields shared by the generating endpoints: the benchmark length controls (vLLM's
 * `ignore_eos` / `min_tokens`, NVIDIA NIM's `nvext`) and `stop`, with their one mapping to the
 * engine's output controls.
 */
import { z } from "zod";

/** Spread into a request schema's z.object({...}). */
export const benchmarkControlFields = {
  ignore_eos: z.boolean().nullish(),
  min_tokens: z.number().int().min(0).nullish(),
  nvext: z.object({
    ignore_eos: z.boolean().optional(),
    min_tokens: z.number().int().min(0).optional(),
  }).nullish(),
};

export const stopField = z.union([z.string(), z.array(z.string()).max(4)]).nullish();

interface BenchmarkControls {
  ignore_eos?: boolean | null;
  min_tokens?: number | null;
  nvext?: { ignore_eos?: boolean; min_tokens?: number } | null;
}

/** vLLM's top-level fields win over NIM's nvext. */
export function lengthControls(req: BenchmarkControls): { minTokens: number; ignoreEos: boolean } {
  return {
    minTokens: req.min_tokens ?? req.nvext?.min_tokens ?? 0,
    ignoreEos: req.ignore_eos ?? req.nvext?.ignore_eos ?? false,
  };
}

export function stopSequences(stop: string | string[] | null | undefined): string[] {
  return stop == null ? [] : typeof stop === "string" ? [stop] : stop;
}
