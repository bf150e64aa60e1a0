/**
 * A Messages request's prompt as Anthropic's cache sees it: its blocks in cache order (each tool,
 * then the system blocks, then each message's content blocks), each with its path in the request,
 * its cache_control and its share of the prompt's tokens. The shares are the engine's own count,
 * traced back to the blocks (countChatPromptTokens' sink), so the blocks' tokens plus the reply
 * priming add up to exactly the prompt tokens every route reports.
 */
import {
  countChatPromptTokens,
  type PromptTokenSite,
  renderFunctionDefinitions,
} from "../../engine/prompt_tokens.ts";
import type { Tokenizer } from "../../engine/tokenizer.ts";
import { chatPromptOf, toolsOf } from "./messages_input.ts";
import type { CacheControl, CountTokensRequest } from "./messages_schema.ts";

export interface PromptBlock {
  /** Where the block sits, as Anthropic's errors name it: tools.0, system.1, messages.2.content.0. */
  path: string;
  /** The block as sent, cache_control aside: its identity in the cache. */
  content: unknown;
  /** Its own cache_control, or a tool_result's nested one. */
  cacheControl: CacheControl;
  /** Thinking blocks cannot be breakpoints themselves. */
  cacheable: boolean;
}

/** The request's blocks in cache order (the numbering messages_input.ts uses). */
export function promptBlocks(req: CountTokensRequest): PromptBlock[] {
  const blocks: PromptBlock[] = [];
  const add = (path: string, block: unknown, cacheable = true) => {
    const { cache_control, ...content } = block as Record<string, unknown>;
    blocks.push({
      path,
      content: content.type === "tool_result" ? withoutCacheControl(content) : content,
      cacheControl: (cache_control as CacheControl) ?? nestedCacheControl(content),
      cacheable,
    });
  };
  (req.tools ?? []).forEach((tool, i) => add(`tools.${i}`, tool));
  if (typeof req.system === "string") add("system", { type: "text", text: req.system });
  else (req.system ?? []).forEach((block, i) => add(`system.${i}`, block));
  req.messages.forEach((message, i) => {
    if (typeof message.content === "string") {
      add(`messages.${i}.content`, { role: message.role, type: "text", text: message.content });
      return;
    }
    message.content.forEach((block, j) =>
      add(`messages.${i}.content.${j}`, { role: message.role, ...block }, block.type !== "thinking")
    );
  });
  return blocks;
}

/**
 * Each block's tokens (in promptBlocks order); the prompt's total is their sum plus the reply
 * priming. The tool definitions, counted as one text, are shared out by each tool's own rendering,
 * the first tool taking what remains (the frame and the overhead with its own lines).
 */
export function blockTokens(
  tokenizer: Tokenizer,
  req: CountTokensRequest,
  count: number,
): number[] {
  const { messages, owners } = chatPromptOf(req);
  const tokens = new Array<number>(count).fill(0);
  const at = (block: number, n: number) => {
    if (count > 0) tokens[Math.min(Math.max(block, 0), count - 1)] += n;
  };
  const tools = toolsOf(req);
  const sink = (site: PromptTokenSite, n: number) => {
    if (site.kind === "priming") return;
    if (site.kind === "tools") {
      return shareToolTokens(tokenizer, tools, n).forEach((share, tool) => at(tool, share));
    }
    const own = owners[site.message];
    if (site.kind === "header") at(own.header, n);
    else if (site.kind === "part") at(own.parts[Math.max(site.part, 0)] ?? own.header, n);
    else at(own.calls[site.call] ?? own.header, n);
  };
  countChatPromptTokens(tokenizer, messages, tools, sink);
  return tokens;
}

function shareToolTokens(tokenizer: Tokenizer, tools: readonly unknown[], total: number): number[] {
  const frame = tokenizer.count(renderFunctionDefinitions([]));
  const shares = tools.map((tool, i) =>
    i === 0 ? 0 : Math.max(0, tokenizer.count(renderFunctionDefinitions([tool])) - frame)
  );
  const others = shares.reduce((a, b) => a + b, 0);
  shares[0] = Math.max(0, total - others);
  // (Never in practice: renderings that add up to more than the whole give back from the end.)
  let excess = others - (total - shares[0]);
  for (let i = shares.length - 1; excess > 0 && i > 0; i--) {
    const cut = Math.min(excess, shares[i]);
    shares[i] -= cut;
    excess -= cut;
  }
  return shares;
}

function nestedCacheControl(block: Record<string, unknown>): CacheControl {
  if (block.type !== "tool_result" || !Array.isArray(block.content)) return undefined;
  const marked = block.content.find((b) => b?.cache_control);
  return marked?.cache_control;
}

function withoutCacheControl(block: Record<string, unknown>): unknown {
  if (!Array.isArray(block.content)) return block;
  return {
    ...block,
    content: block.content.map(({ cache_control: _, ...rest }: Record<string, unknown>) => rest),
  };
}
