/**
 * An Anthropic Messages request as the engine's chat input: the system prompt becomes a system
 * message, tool_use blocks assistant tool calls, tool_result blocks tool messages, tools their
 * input_schema, output_config.format a json_schema response format, so one planner (and one token
 * count) serves both APIs. Counts use the model's configured encoding (Anthropic's tokenizer is not
 * public), the same for every call.
 */
import type { ChatPlanInput, ResponseFormat } from "../../engine/chat_planner.ts";
import type { ChatMessageLike } from "../../engine/prompt_tokens.ts";
import type { ToolChoice, ToolDef } from "../../engine/tool_selection.ts";
import type { RequestOverrides } from "../openai/request_overrides.ts";
import type { ContentBlock, CountTokensRequest, MessagesRequest } from "./messages_schema.ts";

export function chatMessagesOf(req: CountTokensRequest): ChatMessageLike[] {
  const out: ChatMessageLike[] = [];
  const system = typeof req.system === "string"
    ? req.system
    : (req.system ?? []).map((b) => b.text).join("\n");
  if (system !== "") out.push({ role: "system", content: system });
  for (const message of req.messages) {
    if (typeof message.content === "string") {
      out.push({ role: message.role, content: message.content });
      continue;
    }
    const text = message.content.flatMap((b) => textOf(b)).join("");
    const calls = message.content.filter((b) => b.type === "tool_use");
    const results = message.content.filter((b) => b.type === "tool_result");
    for (const result of results) {
      out.push({ role: "tool", tool_call_id: result.tool_use_id, content: resultText(result) });
    }
    if (text !== "" || calls.length > 0 || results.length === 0) {
      out.push({
        role: message.role,
        content: text,
        ...(calls.length > 0
          ? {
            tool_calls: calls.map((call) => ({
              id: call.id,
              type: "function",
              function: { name: call.name, arguments: JSON.stringify(call.input ?? {}) },
            })),
          }
          : {}),
      });
    }
  }
  return out;
}

/** The request's tools as the engine's tool definitions. */
export function toolsOf(req: CountTokensRequest): ToolDef[] {
  return (req.tools ?? []).map((t) => ({
    name: t.name,
    description: t.description,
    parameters: t.input_schema,
  }));
}

/** output_config.format (structured outputs) as the engine's json_schema format. */
export function responseFormatOf(req: CountTokensRequest): ResponseFormat {
  const format = req.output_config?.format;
  return format ? { type: "json_schema", name: "output", schema: format.schema } : { type: "text" };
}

export function planInputOf(req: MessagesRequest, overrides: RequestOverrides): ChatPlanInput {
  const tools = toolsOf(req);
  return {
    model: req.model,
    messages: chatMessagesOf(req),
    tools,
    toolChoice: toolChoiceOf(req, tools.length),
    parallelToolCalls: !(req.tool_choice && "disable_parallel_tool_use" in req.tool_choice &&
      req.tool_choice.disable_parallel_tool_use),
    responseFormat: responseFormatOf(req),
    n: 1,
    maxTokens: req.max_tokens,
    minTokens: 0,
    ignoreEos: false,
    stop: req.stop_sequences ?? [],
    seed: null,
    logprobs: false,
    topLogprobs: 0,
    reasoningEffort: null,
    ...(req.thinking?.type === "enabled" ? { thinkingBudget: req.thinking.budget_tokens } : {}),
    overrides,
  };
}

function toolChoiceOf(req: MessagesRequest, tools: number): ToolChoice {
  const choice = req.tool_choice;
  if (!choice || tools === 0) return tools > 0 ? "auto" : "none";
  if (choice.type === "any") return "required";
  if (choice.type === "tool") return { name: choice.name };
  return choice.type;
}

function textOf(block: ContentBlock): string[] {
  return block.type === "text" ? [block.text] : [];
}

function resultText(block: Extract<ContentBlock, { type: "tool_result" }>): string {
  if (typeof block.content === "string") return block.content;
  return (block.content ?? []).map((b) => (b.type === "text" ? b.text : "")).join("");
}
