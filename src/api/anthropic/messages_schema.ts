/** The Anthropic Messages request body (POST /v1/messages and /v1/messages/count_tokens). */
import { z } from "zod";

/** A cache breakpoint: the prompt through this block is cached for 5 minutes, or an hour. */
const cacheControl = z.object({
  type: z.literal("ephemeral"),
  ttl: z.enum(["5m", "1h"]).optional(),
}).nullish();
export type CacheControl = z.infer<typeof cacheControl>;
const textBlock = z.object({
  type: z.literal("text"),
  text: z.string(),
  cache_control: cacheControl,
});
const urlSource = z.object({ type: z.literal("url"), url: z.string() });
const fileSource = z.object({ type: z.literal("file"), file_id: z.string() });
const imageBlock = z.object({
  type: z.literal("image"),
  source: z.discriminatedUnion("type", [
    z.object({
      type: z.literal("base64"),
      media_type: z.enum(["image/jpeg", "image/png", "image/gif", "image/webp"]),
      data: z.string(),
    }),
    urlSource,
    fileSource,
  ]),
  cache_control: cacheControl,
});
const documentBlock = z.object({
  type: z.literal("document"),
  source: z.discriminatedUnion("type", [
    z.object({
      type: z.literal("base64"),
      media_type: z.literal("application/pdf"),
      data: z.string(),
    }),
    z.object({ type: z.literal("text"), media_type: z.literal("text/plain"), data: z.string() }),
    z.object({
      type: z.literal("content"),
      content: z.union([z.string(), z.array(z.union([textBlock, imageBlock]))]),
    }),
    urlSource,
    fileSource,
  ]),
  title: z.string().nullish(),
  context: z.string().nullish(),
  citations: z.unknown().optional(),
  cache_control: cacheControl,
});
const toolUseBlock = z.object({
  type: z.literal("tool_use"),
  id: z.string(),
  name: z.string(),
  input: z.unknown(),
  cache_control: cacheControl,
});
const toolResultBlock = z.object({
  type: z.literal("tool_result"),
  tool_use_id: z.string(),
  content: z.union([z.string(), z.array(z.union([textBlock, imageBlock]))]).optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControl,
});
const thinkingBlock = z.object({
  type: z.literal("thinking"),
  thinking: z.string(),
  signature: z.string().optional(),
});

export const contentBlock = z.discriminatedUnion("type", [
  textBlock,
  imageBlock,
  documentBlock,
  toolUseBlock,
  toolResultBlock,
  thinkingBlock,
]);
export type ContentBlock = z.infer<typeof contentBlock>;

const message = z.object({
  role: z.enum(["user", "assistant"]),
  content: z.union([z.string(), z.array(contentBlock)]),
});

const tool = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  input_schema: z.record(z.string(), z.unknown()),
  cache_control: cacheControl,
}).passthrough();

const toolChoice = z.discriminatedUnion("type", [
  z.object({ type: z.literal("auto"), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal("any"), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({
    type: z.literal("tool"),
    name: z.string(),
    disable_parallel_tool_use: z.boolean().optional(),
  }),
  z.object({ type: z.literal("none") }),
]);

/** Structured outputs: the reply's text is JSON for `format.schema`. */
const outputConfig = z.object({
  format: z.object({
    type: z.literal("json_schema"),
    schema: z.record(z.string(), z.unknown()),
  }).nullish(),
}).passthrough();

const common = {
  model: z.string().min(1),
  messages: z.array(message).min(1),
  system: z.union([z.string(), z.array(textBlock)]).optional(),
  tools: z.array(tool).optional(),
  tool_choice: toolChoice.optional(),
  thinking: z.union([
    z.object({ type: z.literal("enabled"), budget_tokens: z.number().int().min(1024) }),
    z.object({ type: z.literal("disabled") }),
  ]).optional(),
  output_config: outputConfig.optional(),
  /** Automatic caching: a breakpoint on the last cacheable block. */
  cache_control: cacheControl,
};

export const messagesRequestSchema = z.object({
  ...common,
  max_tokens: z.number().int().min(1),
  stop_sequences: z.array(z.string()).optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().min(0).optional(),
  metadata: z.object({ user_id: z.string().nullable().optional() }).optional(),
  stream: z.boolean().optional(),
});
export type MessagesRequest = z.infer<typeof messagesRequestSchema>;

export const countTokensRequestSchema = z.object(common);
export type CountTokensRequest = z.infer<typeof countTokensRequestSchema>;
