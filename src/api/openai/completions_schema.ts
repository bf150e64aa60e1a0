/** The legacy /v1/completions request body. */
import { z } from "zod";
import { benchmarkControlFields, stopField } from "./generation_controls.ts";

const tokenIds = z.array(z.number().int().min(0));

export const completionRequestSchema = z.object({
  model: z.string().min(1),
  prompt: z.union([z.string(), z.array(z.string()), tokenIds, z.array(tokenIds)]).nullish(),
  suffix: z.string().nullish(),
  max_tokens: z.number().int().min(0).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  n: z.number().int().min(1).max(128).nullish(),
  best_of: z.number().int().min(1).max(20).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  logprobs: z.number().int().min(0).max(5).nullish(),
  echo: z.boolean().nullish(),
  stop: stopField,
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  logit_bias: z.record(z.string(), z.number().min(-100).max(100)).nullish(),
  seed: z.number().int().nullish(),
  user: z.string().nullish(),
  ...benchmarkControlFields,
});

export type CompletionRequest = z.infer<typeof completionRequestSchema>;
