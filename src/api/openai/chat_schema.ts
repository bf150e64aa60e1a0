/** The /v1/chat/completions request body. Unknown fields are dropped; invalid ones are 400s. */
import { z } from "zod";
import { benchmarkControlFields, stopField } from "./generation_controls.ts";

const textPart = z.object({ type: z.literal("text"), text: z.string() });
const imagePart = z.object({
  type: z.literal("image_url"),
  image_url: z.object({ url: z.string(), detail: z.enum(["auto", "low", "high"]).optional() }),
});
const audioPart = z.object({
  type: z.literal("input_audio"),
  input_audio: z.object({ data: z.string(), format: z.string() }),
});
const filePart = z.object({
  type: z.literal("file"),
  file: z.object({
    file_data: z.string().optional(),
    file_id: z.string().optional(),
    filename: z.string().optional(),
  }),
});
const refusalPart = z.object({ type: z.literal("refusal"), refusal: z.string() });

const userPart = z.discriminatedUnion("type", [textPart, imagePart, audioPart, filePart]);
const textContent = z.union([z.string(), z.array(textPart)]);

const toolCall = z.object({
  id: z.string(),
  type: z.literal("function"),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

const message = z.discriminatedUnion("role", [
  z.object({ role: z.literal("developer"), content: textContent, name: z.string().optional() }),
  z.object({ role: z.literal("system"), content: textContent, name: z.string().optional() }),
  z.object({
    role: z.literal("user"),
    content: z.union([z.string(), z.array(userPart)]),
    name: z.string().optional(),
  }),
  z.object({
    role: z.literal("assistant"),
    content: z.union([z.string(), z.array(z.discriminatedUnion("type", [textPart, refusalPart]))])
      .nullish(),
    refusal: z.string().nullish(),
    name: z.string().optional(),
    tool_calls: z.array(toolCall).optional(),
    function_call: z.object({ name: z.string(), arguments: z.string() }).nullish(),
    audio: z.object({ id: z.string() }).nullish(),
  }),
  z.object({ role: z.literal("tool"), content: textContent, tool_call_id: z.string() }),
  z.object({ role: z.literal("function"), content: z.string().nullable(), name: z.string() }),
]);

const functionName = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, {
  message: "function names must be 1-64 characters of a-z, A-Z, 0-9, underscores and dashes",
});

const tool = z.object({
  type: z.literal("function"),
  function: z.object({
    name: functionName,
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullish(),
  }),
});

const toolChoice = z.union([
  z.enum(["none", "auto", "required"]),
  z.object({ type: z.literal("function"), function: z.object({ name: z.string() }) }),
]);

const responseFormat = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text") }),
  z.object({ type: z.literal("json_object") }),
  z.object({
    type: z.literal("json_schema"),
    json_schema: z.object({
      name: functionName,
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

const penalty = z.number().min(-2).max(2).nullish();
const positiveInt = z.number().int().min(1);

export const chatRequestSchema = z.object({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  frequency_penalty: penalty,
  presence_penalty: penalty,
  logit_bias: z.record(z.string(), z.number().min(-100).max(100)).nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.number().int().min(0).max(20).nullish(),
  max_tokens: positiveInt.nullish(),
  max_completion_tokens: positiveInt.nullish(),
  n: z.number().int().min(1).max(128).nullish(),
  stop: stopField,
  seed: z.number().int().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({
    include_usage: z.boolean().optional(),
    include_obfuscation: z.boolean().optional(),
  }).nullish(),
  tools: z.array(tool).nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  response_format: responseFormat.nullish(),
  user: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  store: z.boolean().nullish(),
  service_tier: z.enum(["auto", "default", "flex", "scale", "priority"]).nullish(),
  reasoning_effort: z.enum(["none", "minimal", "low", "medium", "high"]).nullish(),
  modalities: z.array(z.enum(["text", "audio"])).nullish(),
  prediction: z.object({ type: z.literal("content"), content: textContent }).nullish(),
  ...benchmarkControlFields,
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ChatMessage = ChatRequest["messages"][number];
export type ChatTool = NonNullable<ChatRequest["tools"]>[number];
export type ChatToolChoice = NonNullable<ChatRequest["tool_choice"]>;
