/** The /v1/responses request body (Responses API). */
import { z } from "zod";
import { benchmarkControlFields } from "./generation_controls.ts";

const inputText = z.object({ type: z.literal("input_text"), text: z.string() });
const inputImage = z.object({
  type: z.literal("input_image"),
  image_url: z.string().nullish(),
  file_id: z.string().nullish(),
  detail: z.enum(["auto", "low", "high"]).optional(),
});
const inputFile = z.object({
  type: z.literal("input_file"),
  file_data: z.string().nullish(),
  file_id: z.string().nullish(),
  filename: z.string().nullish(),
});
const outputText = z.object({ type: z.literal("output_text"), text: z.string() });
const refusal = z.object({ type: z.literal("refusal"), refusal: z.string() });
const contentPart = z.discriminatedUnion("type", [
  inputText,
  inputImage,
  inputFile,
  outputText,
  refusal,
]);

const messageItem = z.object({
  type: z.literal("message").optional(),
  id: z.string().optional(),
  role: z.enum(["user", "assistant", "system", "developer"]),
  content: z.union([z.string(), z.array(contentPart)]),
});
const functionCallItem = z.object({
  type: z.literal("function_call"),
  id: z.string().optional(),
  call_id: z.string(),
  name: z.string(),
  arguments: z.string(),
});
const functionCallOutputItem = z.object({
  type: z.literal("function_call_output"),
  id: z.string().optional(),
  call_id: z.string(),
  output: z.union([z.string(), z.array(contentPart)]),
});
const reasoningItem = z.object({ type: z.literal("reasoning"), id: z.string().optional() })
  .passthrough();
const itemReference = z.object({ type: z.literal("item_reference"), id: z.string() });

export const inputItemSchema = z.union([
  messageItem,
  functionCallItem,
  functionCallOutputItem,
  reasoningItem,
  itemReference,
]);

const functionTool = z.object({
  type: z.literal("function"),
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});
// Built-in tools (web_search, file_search, ...) are accepted and never called.
const otherTool = z.object({ type: z.string() }).passthrough();
/** A function tool that fails as one (no name) must not pass as a built-in tool of type "function". */
const tool = z.union([functionTool, otherTool]).superRefine((t, ctx) => {
  if (t.type !== "function") return;
  const asFunction = functionTool.safeParse(t, { reportInput: true });
  if (!asFunction.success) {
    for (const issue of asFunction.error.issues) ctx.addIssue({ ...issue });
  }
});

const textFormat = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text") }),
  z.object({ type: z.literal("json_object") }),
  z.object({
    type: z.literal("json_schema"),
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
    schema: z.record(z.string(), z.unknown()),
    strict: z.boolean().nullish(),
    description: z.string().nullish(),
  }),
]);

/** What `include` may ask for (OpenAI's list); anything else is a 400 naming the value. */
export const RESPONSE_INCLUDES = [
  "code_interpreter_call.outputs",
  "computer_call_output.output.image_url",
  "file_search_call.results",
  "message.input_image.image_url",
  "message.output_text.logprobs",
  "reasoning.encrypted_content",
  "web_search_call.action.sources",
  "web_search_call.results",
] as const;

export const responseRequestSchema = z.object({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(inputItemSchema)]).nullish(),
  instructions: z.string().nullish(),
  max_output_tokens: z.number().int().min(16).nullish(),
  tools: z.array(tool).nullish(),
  tool_choice: z.union([
    z.enum(["none", "auto", "required"]),
    z.object({ type: z.literal("function"), name: z.string() }),
  ]).nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  text: z.object({ format: textFormat.optional(), verbosity: z.string().nullish() }).nullish(),
  reasoning: z.object({
    effort: z.enum(["none", "minimal", "low", "medium", "high"]).nullish(),
    summary: z.string().nullish(),
  }).nullish(),
  store: z.boolean().nullish(),
  previous_response_id: z.string().nullish(),
  stream: z.boolean().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  top_logprobs: z.number().int().min(0).max(20).nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  user: z.string().nullish(),
  service_tier: z.string().nullish(),
  truncation: z.enum(["auto", "disabled"]).nullish(),
  background: z.boolean().nullish(),
  include: z.array(z.enum(RESPONSE_INCLUDES)).nullish(),
  // Benchmark controls, as on the other generating endpoints.
  ...benchmarkControlFields,
});

export type ResponseRequest = z.infer<typeof responseRequestSchema>;
export type InputItem = z.infer<typeof inputItemSchema>;
