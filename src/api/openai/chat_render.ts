/** Chat completion wire format: the non-streamed body and the streamed chunk events. */
import { type ChoicePlan, type CompletionPlan, eventCount, type Usage } from "../../engine/plan.ts";
import type { StepRenderer } from "../../streaming/sse_session.ts";
import { choiceStepRenderer } from "./choice_steps.ts";

export function usageBody(usage: Usage) {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: usage.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

export function chatCompletionBody(plan: CompletionPlan) {
  return {
    id: plan.id,
    object: "chat.completion",
    created: plan.created,
    model: plan.model,
    choices: plan.choices.map((choice) => ({
      index: choice.index,
      message: messageBody(choice),
      logprobs: logprobsBody(choice, choice.logprobs),
      finish_reason: choice.finishReason,
    })),
    usage: usageBody(plan.usage),
    service_tier: "default",
    system_fingerprint: plan.systemFingerprint,
  };
}

function messageBody(choice: ChoicePlan) {
  const message: Record<string, unknown> = {
    role: "assistant",
    content: choice.content === null ? null : choice.content.join(""),
  };
  if (choice.reasoning.length > 0) message.reasoning_content = choice.reasoning.join("");
  if (choice.toolCalls.length > 0) {
    message.tool_calls = choice.toolCalls.map((call) => ({
      id: call.id,
      type: "function",
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  message.refusal = choice.refusal === null ? null : choice.refusal.join("");
  message.annotations = [];
  return message;
}

/** A refusal's logprobs go under `refusal`, content's under `content`. */
function logprobsBody(choice: ChoicePlan, entries: unknown[] | null) {
  if (!entries) return null;
  return choice.refusal === null
    ? { content: entries, refusal: null }
    : { content: null, refusal: entries };
}

/**
 * Builds the SSE events of one streamed completion. Each call returns ready-to-write text;
 * the constant parts of every chunk are serialised once.
 */
export class ChatChunkWriter {
  readonly #head: string;
  readonly #tail: string;
  /** Per choice index: a text piece's event up to the piece, and after it (no logprobs). */
  readonly #piecePrefix: string[] = [];
  readonly #pieceSuffix: string;

  constructor(private readonly plan: CompletionPlan, private readonly includeUsage: boolean) {
    this.#head = `data: {"id":${JSON.stringify(plan.id)},"object":"chat.completion.chunk",` +
      `"created":${plan.created},"model":${JSON.stringify(plan.model)},"service_tier":"default",` +
      `"system_fingerprint":${JSON.stringify(plan.systemFingerprint)},"choices":[`;
    this.#tail = includeUsage ? `],"usage":null}\n\n` : `]}\n\n`;
    this.#pieceSuffix = `},"logprobs":null,"finish_reason":null}${this.#tail}`;
  }

  #event(index: number, delta: string, logprobs = "null", finish = "null"): string {
    return `${this.#head}{"index":${index},"delta":${delta},"logprobs":${logprobs},` +
      `"finish_reason":${finish}}${this.#tail}`;
  }

  role(choice: ChoicePlan): string {
    const content = choice.content === null ? "null" : `""`;
    const refusal = choice.refusal === null ? "null" : `""`;
    return this.#event(
      choice.index,
      `{"role":"assistant","content":${content},"refusal":${refusal}}`,
    );
  }

  /** The k-th event of a choice (reasoning, then content, then tool calls). */
  step(choice: ChoicePlan, k: number): string {
    if (k < choice.reasoning.length) {
      return this.#event(
        choice.index,
        `{"reasoning_content":${JSON.stringify(choice.reasoning[k])}}`,
      );
    }
    let i = k - choice.reasoning.length;
    const pieces = choice.refusal ?? choice.content ?? [];
    if (i < pieces.length) {
      const piece = JSON.stringify(pieces[i]);
      if (choice.logprobs === null) {
        // The hot path (one call per streamed token): two joins onto text built once per choice.
        return this.#textPrefix(choice) + piece + this.#pieceSuffix;
      }
      const field = choice.refusal === null ? "content" : "refusal";
      const logprobs = JSON.stringify(logprobsBody(choice, [choice.logprobs[i]]));
      return this.#event(choice.index, `{"${field}":${piece}}`, logprobs);
    }
    i -= pieces.length;
    for (let c = 0; c < choice.toolCalls.length; c++) {
      const call = choice.toolCalls[c];
      if (i === 0) {
        const header = `{"index":${c},"id":${JSON.stringify(call.id)},"type":"function",` +
          `"function":{"name":${JSON.stringify(call.name)},"arguments":""}}`;
        return this.#event(choice.index, `{"tool_calls":[${header}]}`);
      }
      i -= 1;
      if (i < call.argumentPieces.length) {
        const piece = JSON.stringify(call.argumentPieces[i]);
        return this.#event(
          choice.index,
          `{"tool_calls":[{"index":${c},"function":{"arguments":${piece}}}]}`,
        );
      }
      i -= call.argumentPieces.length;
    }
    throw new RangeError(`choice ${choice.index} has no event ${k}`);
  }

  #textPrefix(choice: ChoicePlan): string {
    const field = choice.refusal === null ? "content" : "refusal";
    return this.#piecePrefix[choice.index] ??=
      `${this.#head}{"index":${choice.index},"delta":{"${field}":`;
  }

  finish(choice: ChoicePlan): string {
    return this.#event(choice.index, "{}", "null", JSON.stringify(choice.finishReason));
  }

  /** The usage chunk (only with stream_options.include_usage) and the terminator. */
  end(): string {
    if (!this.includeUsage) return "data: [DONE]\n\n";
    const usage = JSON.stringify(usageBody(this.plan.usage));
    return `${this.#head}],"usage":${usage}}\n\ndata: [DONE]\n\n`;
  }
}

/** A streamed chat completion's steps: the role first, then reasoning, content and tool calls. */
export function chatStepRenderer(plan: CompletionPlan, includeUsage: boolean): StepRenderer {
  const writer = new ChatChunkWriter(plan, includeUsage);
  return choiceStepRenderer(plan, eventCount, {
    open: (choice) => writer.role(choice),
    event: (choice, k) => writer.step(choice, k),
    finish: (choice) => writer.finish(choice),
    closing: () => writer.end(),
  });
}
