/**
 * OpenAI-style prompt token counting for chat messages, following the OpenAI cookbook "How to
 * count tokens with tiktoken" (gpt-4 / gpt-4o families): 3 tokens per message, the tokens of
 * role, content and name, +1 when a name is present, +3 priming the reply.
 */
import type { Tokenizer } from "./tokenizer.ts";
import * as media from "../codecs/image_probe.ts";
import { DEFAULT_IMAGE_SIZE } from "./media_estimates.ts";
import { audioTokens, fileTokens, imageTokens } from "./prompt_media_tokens.ts";
import {
  anthropicDocumentTexts,
  anthropicDocumentTokens,
  anthropicImageTokens,
} from "./anthropic_media_tokens.ts";
import { isObj, type Obj, str } from "../util/json_shapes.ts";

export interface ChatMessageLike {
  role: string;
  content?: unknown;
  name?: string;
  tool_calls?: unknown;
  tool_call_id?: string;
}

const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_NAME = 1;
const REPLY_PRIMING = 3;
// Per tool call (or legacy function_call), on top of its name and arguments. A tool message's
// tool_call_id is not counted: it is not rendered into the prompt text.
const TOKENS_PER_TOOL_CALL = 3;
/** Tool definitions: tokens of the rendered namespace + 9, minus 4 when a system message exists. */
const TOOLS_OVERHEAD = 9;
const TOOLS_SYSTEM_DISCOUNT = 4;

function partTokens(tok: Tokenizer, part: unknown): number {
  if (typeof part === "string") return tok.count(part);
  if (!isObj(part)) return 0;
  switch (part.type) {
    case "image_url": {
      const image = isObj(part.image_url) ? part.image_url : { url: part.image_url };
      const url = str(image.url) ?? "";
      return imageTokens(image.detail, media.imageSizeFromDataUrl(url) ?? DEFAULT_IMAGE_SIZE);
    }
    case "input_audio":
      return audioTokens(part.input_audio);
    case "file":
      return fileTokens(tok, part.file);
    case "refusal":
      return tok.count(str(part.refusal) ?? "");
    // Anthropic's blocks (the Messages API keeps them as parts).
    case "image":
      return anthropicImageTokens(part.source);
    case "document":
      return anthropicDocumentTokens(tok, part);
    default:
      return tok.count(str(part.text) ?? "");
  }
}

function contentTokens(tok: Tokenizer, content: unknown): number {
  if (typeof content === "string") return tok.count(content);
  if (!Array.isArray(content)) return 0;
  let total = 0;
  for (const part of content) total += partTokens(tok, part);
  return total;
}

function callTokens(tok: Tokenizer, call: unknown): number {
  if (!isObj(call)) return 0;
  const fn = isObj(call.function) ? call.function : isObj(call.custom) ? call.custom : call;
  const args = fn.arguments ?? fn.input;
  const argText = typeof args === "string" ? args : args === undefined ? "" : JSON.stringify(args);
  return tok.count(str(fn.name) ?? "") + tok.count(argText) + TOKENS_PER_TOOL_CALL;
}

// OpenAI renders function definitions into the system prompt as TypeScript-like types in a
// "namespace functions". The exact format and overheads are undocumented; this is the widely
// used reverse-engineered approximation (as in hmarr/openai-chat-tokens and gpt-tokenizer).
function formatType(param: unknown, indent: number): string {
  if (!isObj(param)) return "any";
  const options = Array.isArray(param.enum) ? param.enum : undefined;
  switch (param.type) {
    case "string":
      return options?.map((v) => JSON.stringify(v)).join(" | ") ?? "string";
    case "integer":
    case "number":
      return options?.map((v) => String(v)).join(" | ") ?? "number";
    case "array":
      return param.items ? `${formatType(param.items, indent)}[]` : "any[]";
    case "object":
      return `{\n${formatProperties(param, indent + 2)}\n${" ".repeat(indent)}}`;
    default:
      return param.type === "boolean" || param.type === "null" ? param.type : "any";
  }
}

function formatProperties(schema: Obj, indent: number): string {
  if (!isObj(schema.properties)) return "";
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const pad = " ".repeat(indent);
  const lines: string[] = [];
  for (const [name, param] of Object.entries(schema.properties)) {
    const description = isObj(param) ? str(param.description) : undefined;
    if (description && indent < 2) lines.push(`${pad}// ${description}`);
    const optional = required.has(name) ? "" : "?";
    lines.push(`${pad}${name}${optional}: ${formatType(param, indent)},`);
  }
  return lines.join("\n");
}

export function renderFunctionDefinitions(tools: readonly unknown[]): string {
  const lines = ["namespace functions {", ""];
  for (const tool of tools) {
    const fn = isObj(tool) && isObj(tool.function) ? tool.function : tool;
    if (!isObj(fn) || typeof fn.name !== "string") continue;
    if (typeof fn.description === "string") lines.push(`// ${fn.description}`);
    const params = isObj(fn.parameters) ? fn.parameters : {};
    if (!isObj(params.properties) || Object.keys(params.properties).length === 0) {
      lines.push(`type ${fn.name} = () => any;`);
    } else {
      lines.push(`type ${fn.name} = (_: {`, formatProperties(params, 0), "}) => any;");
    }
    lines.push("");
  }
  lines.push("} // namespace functions");
  return lines.join("\n");
}

/**
 * Where countChatPromptTokens counted each of its tokens, for callers that split a prompt (the
 * Anthropic Messages API's cache breakpoints): the tool definitions, per message its header (the
 * per-message tokens, role and name), each content part (-1 for a string content) and each tool
 * call, then the reply priming. The parts add up to the count exactly.
 */
export type PromptTokenSite =
  | { kind: "tools" }
  | { kind: "priming" }
  | { kind: "header"; message: number }
  | { kind: "part"; message: number; part: number }
  | { kind: "call"; message: number; call: number };
export type PromptTokenSink = (site: PromptTokenSite, tokens: number) => void;

/** The tool definitions' tokens (counted once, after the first system message when there is one). */
export function toolDefinitionsTokens(
  tokenizer: Tokenizer,
  tools: readonly unknown[],
  withSystem: boolean,
): number {
  return tokenizer.count(renderFunctionDefinitions(tools)) + TOOLS_OVERHEAD -
    (withSystem ? TOOLS_SYSTEM_DISCOUNT : 0);
}

export function countChatPromptTokens(
  tokenizer: Tokenizer,
  messages: readonly ChatMessageLike[],
  tools?: readonly unknown[],
  sink?: PromptTokenSink,
): number {
  const hasTools = Array.isArray(tools) && tools.length > 0;
  let systemPadded = false;
  let total = 0;
  const list = Array.isArray(messages) ? messages : [];
  for (let m = 0; m < list.length; m++) {
    const message = list[m];
    if (!isObj(message)) continue;
    const name = str(message.name);
    const header = TOKENS_PER_MESSAGE + tokenizer.count(str(message.role) ?? "") +
      (name ? tokenizer.count(name) + TOKENS_PER_NAME : 0);
    total += header;
    sink?.({ kind: "header", message: m }, header);
    let content = message.content;
    // With tools, the definitions follow the first system message on a new line.
    if (hasTools && message.role === "system" && !systemPadded) {
      systemPadded = true;
      if (typeof content === "string" && content !== "" && !content.endsWith("\n")) {
        content += "\n";
      }
    }
    if (Array.isArray(content)) {
      for (let part = 0; part < content.length; part++) {
        const tokens = partTokens(tokenizer, content[part]);
        total += tokens;
        sink?.({ kind: "part", message: m, part }, tokens);
      }
    } else {
      const tokens = contentTokens(tokenizer, content);
      total += tokens;
      sink?.({ kind: "part", message: m, part: -1 }, tokens);
    }
    const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
    for (let call = 0; call <= calls.length; call++) {
      // The last one is the legacy function_call (0 when absent).
      const tokens = callTokens(
        tokenizer,
        call < calls.length ? calls[call] : message.function_call,
      );
      total += tokens;
      sink?.({ kind: "call", message: m, call }, tokens);
    }
  }
  if (hasTools) {
    const tokens = toolDefinitionsTokens(tokenizer, tools, systemPadded);
    total += tokens;
    sink?.({ kind: "tools" }, tokens);
  }
  total += REPLY_PRIMING;
  sink?.({ kind: "priming" }, REPLY_PRIMING);
  return total;
}

/** Plain text of the messages, used to pick topic words and for caching: text parts joined in order. */
/**
 * The texts of a chat prompt the planner will count or encode: each text content (string or
 * part) and each message's joined text (what the prefix caches encode).
 */
export function promptTextsOf(messages: readonly ChatMessageLike[]): string[] {
  const out: string[] = [];
  for (const message of Array.isArray(messages) ? messages : []) {
    const content = isObj(message) ? message.content : undefined;
    for (const part of Array.isArray(content) ? content : [content]) {
      const text = isObj(part) ? str(part.text) ?? str(part.refusal) : str(part);
      if (text !== undefined) out.push(text);
      if (isObj(part) && part.type === "document") out.push(...anthropicDocumentTexts(part));
    }
    out.push(chatPromptText([message]));
  }
  return out;
}

export function chatPromptText(messages: readonly ChatMessageLike[]): string {
  const texts: string[] = [];
  const add = (part: unknown) => {
    const text = isObj(part) ? str(part.text) ?? str(part.refusal) : str(part);
    if (text !== undefined) texts.push(text);
  };
  for (const message of Array.isArray(messages) ? messages : []) {
    const content = isObj(message) ? message.content : undefined;
    if (Array.isArray(content)) content.forEach(add);
    else add(content);
  }
  return texts.join("\n");
}
