/**
 * An Anthropic Messages request as the engine's chat input: the system prompt becomes a system
 * message, text, image and document blocks content parts, tool_use blocks assistant tool calls,
 * tool_result blocks tool messages, tools their input_schema, output_config.format a json_schema
 * response format, so one planner (and one token count) serves both APIs. Counts use the model's
 * configured encoding (Anthropic's tokenizer is not public), the same for every call. Each block
 * keeps its own part, so a prompt's tokens can be traced back to the blocks they came from
 * (prompt_blocks.ts).
 */
import type { ChatPlanInput, ResponseFormat } from "../../engine/chat_planner.ts";
import type { ChatMessageLike } from "../../engine/prompt_tokens.ts";
import type { ToolChoice, ToolDef } from "../../engine/tool_selection.ts";
import type { RequestOverrides } from "../openai/request_overrides.ts";
import type { ContentBlock, CountTokensRequest, MessagesRequest } from "./messages_schema.ts";

/** Which request block (index in prompt_blocks.ts order) each piece of a chat message came from. */
export interface MessageOwners {
  header: number;
  /** Per content part; a string content's one part is parts[0]. */
  parts: number[];
  calls: number[];
}

export interface ChatPrompt {
  messages: ChatMessageLike[];
  /** One per message. */
  owners: MessageOwners[];
}

/**
 * The chat messages of a request, with the owner of each piece. Blocks are numbered in cache
 * order: the tools, then the system blocks (a string system prompt is one), then each message's
 * blocks (a string content is one).
 */
export function chatPromptOf(req: CountTokensRequest): ChatPrompt {
  const messages: ChatMessageLike[] = [];
  const owners: MessageOwners[] = [];
  let block = req.tools?.length ?? 0;
  if (typeof req.system === "string") {
    if (req.system !== "") {
      messages.push({ role: "system", content: req.system });
      owners.push({ header: block, parts: [block], calls: [] });
    }
    block++;
  } else if (req.system && req.system.length > 0) {
    const system = req.system;
    messages.push({ role: "system", content: system.map((b) => ({ type: "text", text: b.text })) });
    owners.push({ header: block, parts: system.map((_, i) => block + i), calls: [] });
    block += system.length;
  }
  for (const message of req.messages) {
    if (typeof message.content === "string") {
      messages.push({ role: message.role, content: message.content });
      owners.push({ header: block, parts: [block], calls: [] });
      block++;
      continue;
    }
    const first = block;
    const parts: unknown[] = [];
    const calls: unknown[] = [];
    const own: MessageOwners = { header: -1, parts: [], calls: [] };
    let results = 0;
    for (const item of message.content) {
      const part = partOf(item);
      if (part) {
        parts.push(part);
        own.parts.push(block);
      } else if (item.type === "tool_use") {
        calls.push({
          id: item.id,
          type: "function",
          function: { name: item.name, arguments: JSON.stringify(item.input ?? {}) },
        });
        own.calls.push(block);
      } else if (item.type === "tool_result") {
        messages.push({ role: "tool", tool_call_id: item.tool_use_id, content: resultOf(item) });
        owners.push({ header: block, parts: resultParts(item, block), calls: [] });
        results++;
      }
      if (own.header < 0 && (part || item.type === "tool_use")) own.header = block;
      block++;
    }
    if (parts.length > 0 || calls.length > 0 || results === 0) {
      messages.push({
        role: message.role,
        content: parts,
        ...(calls.length > 0 ? { tool_calls: calls } : {}),
      });
      // A message of no blocks (or only thinking blocks) counts with its first block, or the one before.
      owners.push({ ...own, header: own.header >= 0 ? own.header : Math.max(0, first - 1) });
    }
  }
  return { messages, owners };
}

export function chatMessagesOf(req: CountTokensRequest): ChatMessageLike[] {
  return chatPromptOf(req).messages;
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

/** A text, image or document block as a content part (the engine counts Anthropic's media). */
function partOf(block: ContentBlock): Record<string, unknown> | null {
  switch (block.type) {
    case "text":
      return { type: "text", text: block.text };
    case "image":
      return { type: "image", source: block.source };
    case "document":
      return {
        type: "document",
        source: block.source,
        ...(block.title ? { title: block.title } : {}),
        ...(block.context ? { context: block.context } : {}),
      };
    default:
      return null;
  }
}

type ToolResult = Extract<ContentBlock, { type: "tool_result" }>;

function resultOf(block: ToolResult): string | unknown[] {
  if (block.content === undefined || typeof block.content === "string") return block.content ?? "";
  return block.content.flatMap((b) => partOf(b) ?? []);
}

/** A tool message's parts all belong to its tool_result block. */
function resultParts(block: ToolResult, owner: number): number[] {
  return Array.isArray(block.content) ? block.content.map(() => owner) : [owner];
}
