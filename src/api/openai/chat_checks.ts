/** Semantic checks the schema cannot express, with OpenAI's messages; then maps to engine input. */
import { lengthControls, stopSequences } from "./generation_controls.ts";
import type { ChatPlanInput, ResponseFormat } from "../../engine/chat_planner.ts";
import type { ToolChoice } from "../../engine/tool_selection.ts";
import { checkStrictSchema } from "../../engine/structured/strict_schema.ts";
import { errors } from "../../server/errors.ts";
import type { ChatRequest } from "./chat_schema.ts";
import type { RequestOverrides } from "./request_overrides.ts";

export function toPlanInput(req: ChatRequest, overrides: RequestOverrides): ChatPlanInput {
  if (req.stream_options && !req.stream) {
    throw errors.invalidParam(
      "stream_options",
      "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
    );
  }
  if (req.top_logprobs != null && req.top_logprobs > 0 && !req.logprobs) {
    throw errors.invalidParam(
      "top_logprobs",
      "Invalid value for 'top_logprobs': 'logprobs' must be set to true when 'top_logprobs' is specified.",
    );
  }
  const tools = (req.tools ?? []).map((t) => ({
    name: t.function.name,
    description: t.function.description,
    parameters: t.function.parameters,
  }));
  for (const t of req.tools ?? []) {
    if (t.function.strict) {
      const problem = checkStrictSchema(t.function.parameters ?? {}, {
        kind: "function",
        name: t.function.name,
      });
      if (problem) throw errors.invalidParam("tools", problem, "invalid_function_parameters");
    }
  }
  const toolChoice = mapToolChoice(req, tools.map((t) => t.name));
  return {
    model: req.model,
    messages: req.messages,
    tools,
    toolChoice,
    parallelToolCalls: req.parallel_tool_calls ?? true,
    responseFormat: mapResponseFormat(req),
    n: req.n ?? 1,
    maxTokens: req.max_completion_tokens ?? req.max_tokens ?? null,
    ...lengthControls(req),
    stop: stopSequences(req.stop),
    seed: req.seed ?? null,
    logprobs: req.logprobs ?? false,
    topLogprobs: req.top_logprobs ?? 0,
    reasoningEffort: req.reasoning_effort ?? null,
    overrides,
  };
}

function mapToolChoice(req: ChatRequest, names: string[]): ToolChoice {
  const choice = req.tool_choice;
  if (choice == null) return names.length > 0 ? "auto" : "none";
  if (typeof choice === "string") {
    if (choice !== "none" && names.length === 0) {
      throw errors.invalidParam(
        "tool_choice",
        "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
      );
    }
    return choice;
  }
  if (!names.includes(choice.function.name)) {
    throw errors.invalidParam(
      "tool_choice",
      `Invalid value for 'tool_choice': function '${choice.function.name}' is not in 'tools'.`,
    );
  }
  return { name: choice.function.name };
}

function mapResponseFormat(req: ChatRequest): ResponseFormat {
  const format = req.response_format;
  if (!format || format.type === "text") return { type: "text" };
  if (format.type === "json_object") return { type: "json_object" };
  const { name, schema, strict } = format.json_schema;
  if (strict) {
    const problem = checkStrictSchema(schema ?? {}, { kind: "response_format", name });
    if (problem) throw errors.invalidParam("response_format", problem, "invalid_json_schema");
  }
  return { type: "json_schema", name, schema: schema ?? {} };
}
