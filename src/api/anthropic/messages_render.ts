/**
 * A plan as Anthropic's Message object, and as its documented stream: message_start, then per
 * content block content_block_start, deltas (text_delta, input_json_delta, thinking_delta, then
 * signature_delta) and content_block_stop, a ping after the first start, then message_delta
 * (stop_reason, the message's cumulative usage) and message_stop. One token per delta.
 */
import type { ChoicePlan, CompletionPlan, FinishReason } from "../../engine/plan.ts";
import type { StreamErrorInfo } from "../../streaming/stream_errors.ts";
import { CACHE_TTL_MS } from "./cache_breakpoints.ts";

type Json = Record<string, unknown>;

export const ANTHROPIC_ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

/** Anthropic's stop_reason for each finish reason (a content filter's stop is a refusal). */
export const STOP_REASONS: Readonly<Record<FinishReason, string>> = {
  stop: "end_turn",
  length: "max_tokens",
  tool_calls: "tool_use",
  content_filter: "refusal",
};

export function stopReason(reason: FinishReason, stopSequence?: string): string {
  return stopSequence !== undefined ? "stop_sequence" : STOP_REASONS[reason];
}

/** toolu_ ids for the plan's tool calls (derived from them, so stream and JSON agree). */
const toolUseId = (callId: string) => `toolu_${callId.replace(/^call_/, "")}`;

/**
 * Anthropic's usage: only cache_control breakpoints read or write the cache (cache_read_input_tokens,
 * cache_creation_input_tokens, split by lifetime in cache_creation); input_tokens are the rest of
 * the prompt, so the three add up to its tokens. Blocks the engine finds in its KV cache without
 * breakpoints shorten the TTFT but are not reported.
 */
export function usageOf(plan: CompletionPlan, outputTokens = plan.usage.completionTokens): Json {
  const explicit = plan.usage.explicitCache;
  const read = explicit?.readTokens ?? 0;
  let hour = 0;
  let minutes = 0;
  for (const write of explicit?.writes ?? []) {
    if (write.ttlMs === CACHE_TTL_MS["1h"]) hour += write.tokens;
    else minutes += write.tokens;
  }
  return {
    input_tokens: plan.usage.promptTokens - read - hour - minutes,
    cache_creation_input_tokens: hour + minutes,
    cache_read_input_tokens: read,
    cache_creation: { ephemeral_5m_input_tokens: minutes, ephemeral_1h_input_tokens: hour },
    output_tokens: outputTokens,
  };
}

/**
 * message_delta's usage: the cumulative counts of the whole message, as the API sends them there
 * (input, cache creation and read, output; the cache_creation breakdown only in message_start and
 * the Message). Equal to the non-streamed usage.
 */
export function deltaUsageOf(plan: CompletionPlan): Json {
  const { cache_creation: _, ...counts } = usageOf(plan);
  return counts;
}

function signatureOf(plan: CompletionPlan): string {
  return btoa(`fakeai:${plan.id}`);
}

export function messageBody(plan: CompletionPlan, messageId: string): Json {
  const choice = plan.choices[0];
  const content: Json[] = [];
  if (choice.reasoning.length > 0) {
    content.push({
      type: "thinking",
      thinking: choice.reasoning.join(""),
      signature: signatureOf(plan),
    });
  }
  if (choice.content && (choice.content.length > 0 || choice.toolCalls.length === 0)) {
    content.push({ type: "text", text: choice.content.join("") });
  }
  for (const call of choice.toolCalls) {
    content.push({
      type: "tool_use",
      id: toolUseId(call.id),
      name: call.name,
      input: parseInput(call.arguments),
    });
  }
  return {
    id: messageId,
    type: "message",
    role: "assistant",
    model: plan.model,
    content,
    stop_reason: stopReason(choice.finishReason, choice.stopSequence),
    stop_sequence: choice.stopSequence ?? null,
    usage: usageOf(plan),
  };
}

function parseInput(args: string): unknown {
  try {
    return JSON.parse(args);
  } catch {
    return {}; // arguments cut by max_tokens
  }
}

const frame = (type: string, data: Json) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

/**
 * The events of each plan step, block starts and stops included, rendered when the step is sent:
 * a stream keeps its plan and a few numbers per block, never its frames ahead of time.
 */
export class MessageEventWriter {
  readonly #plan: CompletionPlan;
  readonly #messageId: string;
  readonly #spans: BlockSpan[];

  constructor(plan: CompletionPlan, messageId: string) {
    this.#plan = plan;
    this.#messageId = messageId;
    this.#spans = spansOf(blocksOf(plan.choices[0], plan), plan.steps);
  }

  render(step: number): string {
    let text = step === 0 ? this.#start() : "";
    const lastStep = this.#plan.steps - 1;
    for (const span of this.#spans) {
      const { index, block } = span;
      if (step === span.first) {
        text += frame("content_block_start", { index, content_block: block.start });
        if (index === 0) text += frame("ping", {});
      }
      // Delta k goes out at step deltaStart + k; the plan's last step takes any beyond it.
      const k = step - span.deltaStart;
      const end = Math.min(step < lastStep ? k + 1 : block.deltaCount, block.deltaCount);
      for (let i = Math.max(0, k); i < end; i++) {
        text += frame("content_block_delta", { index, delta: block.delta(i) });
      }
      if (step === span.last) {
        for (const delta of block.closingDeltas) {
          text += frame("content_block_delta", { index, delta });
        }
        text += frame("content_block_stop", { index });
      }
    }
    return text;
  }

  closing(): string {
    const choice = this.#plan.choices[0];
    return frame("message_delta", {
      delta: {
        stop_reason: stopReason(choice.finishReason, choice.stopSequence),
        stop_sequence: choice.stopSequence ?? null,
      },
      usage: deltaUsageOf(this.#plan),
    }) + frame("message_stop", {});
  }

  error(error: StreamErrorInfo): string {
    return frame("error", { error: { type: "api_error", message: error.message } });
  }

  #start(): string {
    const start = {
      ...messageBody(this.#plan, this.#messageId),
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: usageOf(this.#plan, 1),
    };
    return frame("message_start", { message: start });
  }
}

interface Block {
  start: Json;
  deltaCount: number;
  /** Delta k of the block (one per step). */
  delta(k: number): Json;
  /** Sent with the block's last step (a thinking block's signature). */
  closingDeltas: Json[];
  /** A tool_use block's start takes a step of its own (as the plan counts its call). */
  opensStep: boolean;
}

/** Where a block's events fall: its start, its first delta, and its stop (steps). */
interface BlockSpan {
  index: number;
  block: Block;
  first: number;
  deltaStart: number;
  last: number;
}

/** Blocks follow each other, one delta per step; steps past the plan's last are its last. */
function spansOf(blocks: Block[], steps: number): BlockSpan[] {
  const lastStep = steps - 1;
  let step = 0;
  return blocks.map((block, index) => {
    const first = Math.min(step, lastStep);
    if (block.opensStep) step++;
    const deltaStart = step;
    step += block.deltaCount;
    const last = Math.min(Math.max(step - 1, 0), lastStep);
    return { index, block, first, deltaStart, last };
  });
}

function blocksOf(choice: ChoicePlan, plan: CompletionPlan): Block[] {
  const blocks: Block[] = [];
  const reasoning = choice.reasoning;
  if (reasoning.length > 0) {
    blocks.push({
      start: { type: "thinking", thinking: "" },
      deltaCount: reasoning.length,
      delta: (k) => ({ type: "thinking_delta", thinking: reasoning[k] }),
      closingDeltas: [{ type: "signature_delta", signature: signatureOf(plan) }],
      opensStep: false,
    });
  }
  const content = choice.content;
  if (content && (content.length > 0 || choice.toolCalls.length === 0)) {
    blocks.push({
      start: { type: "text", text: "" },
      deltaCount: content.length,
      delta: (k) => ({ type: "text_delta", text: content[k] }),
      closingDeltas: [],
      opensStep: false,
    });
  }
  for (const call of choice.toolCalls) {
    const pieces = call.argumentPieces;
    blocks.push({
      start: { type: "tool_use", id: toolUseId(call.id), name: call.name, input: {} },
      deltaCount: pieces.length,
      delta: (k) => ({ type: "input_json_delta", partial_json: pieces[k] }),
      closingDeltas: [],
      opensStep: true,
    });
  }
  return blocks;
}
