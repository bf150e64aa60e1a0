/** Legacy text_completion wire format: body, stream chunks, and the legacy logprobs shape. */
import type { LogprobEntry } from "../../engine/logprobs.ts";
import type { ChoicePlan, CompletionPlan } from "../../engine/plan.ts";
import type { StepRenderer } from "../../streaming/sse_session.ts";
import { choiceStepRenderer } from "./choice_steps.ts";

export interface LegacyLogprobs {
  tokens: string[];
  token_logprobs: number[];
  top_logprobs: Array<Record<string, number>> | null;
  text_offset: number[];
}

/** Legacy logprobs of `entries`, whose text starts at character `offset` of the choice text. */
export function legacyLogprobs(
  entries: readonly LogprobEntry[],
  offset: number,
  withTop: boolean,
): LegacyLogprobs {
  const textOffset: number[] = [];
  let at = offset;
  for (const e of entries) {
    textOffset.push(at);
    at += e.token.length;
  }
  return {
    tokens: entries.map((e) => e.token),
    token_logprobs: entries.map((e) => e.logprob),
    top_logprobs: withTop
      ? entries.map((e) => Object.fromEntries(e.top_logprobs.map((t) => [t.token, t.logprob])))
      : null,
    text_offset: textOffset,
  };
}

export interface LegacyOptions {
  /** Prompt text per choice when echo is on, else null. */
  echo: (choice: ChoicePlan) => string | null;
  topLogprobs: number;
}

export function completionBody(plan: CompletionPlan, options: LegacyOptions) {
  return {
    id: plan.id,
    object: "text_completion",
    created: plan.created,
    model: plan.model,
    choices: plan.choices.map((choice) => {
      const echo = options.echo(choice) ?? "";
      const generated = (choice.content ?? []).join("");
      return {
        text: echo + generated,
        index: choice.index,
        logprobs: choice.logprobs
          ? legacyLogprobs(choice.logprobs, echo.length, options.topLogprobs > 0)
          : null,
        finish_reason: choice.finishReason,
      };
    }),
    usage: {
      prompt_tokens: plan.usage.promptTokens,
      completion_tokens: plan.usage.completionTokens,
      total_tokens: plan.usage.promptTokens + plan.usage.completionTokens,
    },
    system_fingerprint: plan.systemFingerprint,
  };
}

export class CompletionChunkWriter {
  readonly #head: string;
  readonly #tail: string;

  constructor(
    private readonly plan: CompletionPlan,
    private readonly includeUsage: boolean,
    private readonly options: LegacyOptions,
  ) {
    this.#head = `data: {"id":${JSON.stringify(plan.id)},"object":"text_completion",` +
      `"created":${plan.created},"model":${JSON.stringify(plan.model)},` +
      `"system_fingerprint":${JSON.stringify(plan.systemFingerprint)},"choices":[`;
    this.#tail = includeUsage ? `],"usage":null}\n\n` : `]}\n\n`;
  }

  #event(index: number, text: string, logprobs: string, finish: string): string {
    return `${this.#head}{"text":${JSON.stringify(text)},"index":${index},` +
      `"logprobs":${logprobs},"finish_reason":${finish}}${this.#tail}`;
  }

  /** The echoed prompt, sent before the first token (only with echo). */
  echo(choice: ChoicePlan): string {
    const text = this.options.echo(choice);
    return text ? this.#event(choice.index, text, "null", "null") : "";
  }

  token(choice: ChoicePlan, k: number): string {
    const entry = choice.logprobs?.[k];
    const logprobs = entry
      ? JSON.stringify(legacyLogprobs([entry], 0, this.options.topLogprobs > 0))
      : "null";
    return this.#event(choice.index, choice.content![k], logprobs, "null");
  }

  finish(choice: ChoicePlan): string {
    return this.#event(choice.index, "", "null", JSON.stringify(choice.finishReason));
  }

  end(): string {
    if (!this.includeUsage) return "data: [DONE]\n\n";
    const usage = {
      prompt_tokens: this.plan.usage.promptTokens,
      completion_tokens: this.plan.usage.completionTokens,
      total_tokens: this.plan.usage.promptTokens + this.plan.usage.completionTokens,
    };
    return `${this.#head}],"usage":${JSON.stringify(usage)}}\n\ndata: [DONE]\n\n`;
  }
}

/** A streamed completion's steps: the echo first, then one token per step. */
export function completionStepRenderer(
  plan: CompletionPlan,
  writer: CompletionChunkWriter,
): StepRenderer {
  return choiceStepRenderer(plan, (choice) => choice.content?.length ?? 0, {
    open: (choice) => writer.echo(choice),
    event: (choice, k) => writer.token(choice, k),
    finish: (choice) => writer.finish(choice),
    closing: () => writer.end(),
  });
}
