/** Responses request → the engine's chat plan input, with OpenAI's 400s for what zod can't see. */
import { lengthControls } from "./generation_controls.ts";
import type { ChatPlanInput, ResponseFormat } from "../../engine/chat_planner.ts";
import type { ChatMessageLike } from "../../engine/prompt_tokens.ts";
import { checkStrictSchema } from "../../engine/structured/strict_schema.ts";
import type { ToolChoice, ToolDef } from "../../engine/tool_selection.ts";
import { errors } from "../../server/errors.ts";
import type { RequestOverrides } from "./request_overrides.ts";
import type { ResponseRequest } from "./responses_schema.ts";

export function responsePlanInput(
  req: ResponseRequest,
  messages: ChatMessageLike[],
  overrides: RequestOverrides,
): ChatPlanInput {
  const tools: ToolDef[] = [];
  for (const tool of req.tools ?? []) {
    if (tool.type !== "function") continue;
    const fn = tool as {
      name: string;
      description?: string | null;
      parameters?: Record<string, unknown> | null;
      strict?: boolean | null;
    };
    // The Responses API defaults function tools to strict mode.
    if (fn.strict !== false && fn.parameters) {
      const problem = checkStrictSchema(fn.parameters, { kind: "function", name: fn.name });
      if (problem) throw errors.invalidParam("tools", problem, "invalid_function_parameters");
    }
    tools.push({
      name: fn.name,
      description: fn.description ?? undefined,
      parameters: fn.parameters ?? undefined,
    });
  }
  return {
    model: req.model,
    messages,
    tools,
    toolChoice: toolChoice(req, tools),
    parallelToolCalls: req.parallel_tool_calls ?? true,
    responseFormat: responseFormat(req),
    n: 1,
    maxTokens: req.max_output_tokens ?? null,
    ...lengthControls(req),
    stop: [],
    seed: null,
    logprobs: false,
    topLogprobs: 0,
    reasoningEffort: req.reasoning?.effort ?? null,
    overrides,
  };
}

function toolChoice(req: ResponseRequest, tools: ToolDef[]): ToolChoice {
  const choice = req.tool_choice;
  if (choice == null) return tools.length > 0 ? "auto" : "none";
  if (typeof choice === "string") return choice;
  if (!tools.some((t) => t.name === choice.name)) {
    throw errors.invalidParam(
      "tool_choice",
      `Tool choice '${choice.name}' not found in 'tools' parameter.`,
    );
  }
  return { name: choice.name };
}

function responseFormat(req: ResponseRequest): ResponseFormat {
  const format = req.text?.format;
  if (!format || format.type === "text") return { type: "text" };
  if (format.type === "json_object") return { type: "json_object" };
  if (format.strict !== false) {
    const problem = checkStrictSchema(format.schema, {
      kind: "response_format",
      name: format.name,
    });
    if (problem) throw errors.invalidParam("text.format.schema", problem, "invalid_json_schema");
  }
  return { type: "json_schema", name: format.name, schema: format.schema };
}
