/**
 * The Responses API event sequence, one plan step at a time: response.created/in_progress, then
 * per output item: output_item.added, content_part.added, deltas, *.done events, and finally
 * response.completed (or response.incomplete). Every event carries a sequence_number.
 */
import type { ChoicePlan, CompletionPlan } from "../../engine/plan.ts";
import {
  finalStatus,
  functionCallItem,
  messageItem,
  type OutputIds,
  outputItems,
  outputTextPart,
  reasoningItem,
  refusalPart,
  responseObject,
} from "./responses_render.ts";
import type { ResponseRequest } from "./responses_schema.ts";
import type { StreamErrorInfo } from "../../streaming/stream_errors.ts";

export class ResponseEventWriter {
  #sequence = 0;
  readonly #choice: ChoicePlan;
  /** The message's pieces: its text, or its refusal. */
  readonly #content: string[];
  readonly #refusal: boolean;
  readonly #hasMessage: boolean;
  readonly #messageIndex: number;

  constructor(
    private readonly plan: CompletionPlan,
    private readonly req: ResponseRequest,
    private readonly ids: OutputIds,
  ) {
    this.#choice = plan.choices[0];
    this.#content = this.#choice.content ?? this.#choice.refusal ?? [];
    this.#refusal = this.#choice.refusal !== null;
    this.#hasMessage = this.#choice.content !== null || this.#refusal;
    this.#messageIndex = this.#choice.reasoning.length > 0 ? 1 : 0;
  }

  #event(type: string, payload: Record<string, unknown>): string {
    const data = JSON.stringify({ type, ...payload, sequence_number: this.#sequence++ });
    return `event: ${type}\ndata: ${data}\n\n`;
  }

  render(step: number): string {
    let out = "";
    if (step === 0) {
      const response = responseObject(this.plan, this.req, { status: "in_progress", output: [] });
      out += this.#event("response.created", { response });
      out += this.#event("response.in_progress", { response });
    }
    const reasoning = this.#choice.reasoning;
    if (step < reasoning.length) return out + this.#reasoningStep(step);
    let k = step - reasoning.length;
    if (this.#hasMessage) {
      if (k < this.#content.length) return out + this.#messageStep(k);
      return out;
    }
    for (let c = 0; c < this.#choice.toolCalls.length; c++) {
      const call = this.#choice.toolCalls[c];
      if (k <= call.argumentPieces.length) return out + this.#callStep(c, k);
      k -= 1 + call.argumentPieces.length;
    }
    return out;
  }

  /** The `error` event that ends a stream cut short (stream fault, streaming limits). */
  error(error: StreamErrorInfo): string {
    return this.#event("error", {
      code: error.code ?? error.type,
      message: error.message,
      param: error.param,
    });
  }

  closing(): string {
    let out = "";
    if (this.#hasMessage && this.#content.length === 0) {
      out += this.#messageOpen() + this.#messageClose();
    }
    const status = finalStatus(this.plan);
    const response = responseObject(this.plan, this.req, {
      status,
      output: outputItems(this.#choice, this.ids),
    });
    return out +
      this.#event(status === "completed" ? "response.completed" : "response.incomplete", {
        response,
      });
  }

  #reasoningStep(k: number): string {
    const pieces = this.#choice.reasoning;
    const at = { item_id: this.ids.reasoning, output_index: 0, content_index: 0 };
    let out = "";
    if (k === 0) {
      out += this.#event("response.output_item.added", {
        output_index: 0,
        item: { ...reasoningItem(this.ids.reasoning, "", "in_progress"), content: [] },
      });
      out += this.#event("response.content_part.added", {
        ...at,
        part: { type: "reasoning_text", text: "" },
      });
    }
    out += this.#event("response.reasoning_text.delta", { ...at, delta: pieces[k] });
    if (k === pieces.length - 1) {
      const text = pieces.join("");
      out += this.#event("response.reasoning_text.done", { ...at, text });
      out += this.#event("response.content_part.done", {
        ...at,
        part: { type: "reasoning_text", text },
      });
      out += this.#event("response.output_item.done", {
        output_index: 0,
        item: reasoningItem(this.ids.reasoning, text, "completed"),
      });
    }
    return out;
  }

  #messageOpen(): string {
    const at = { item_id: this.ids.message, output_index: this.#messageIndex, content_index: 0 };
    return this.#event("response.output_item.added", {
      output_index: this.#messageIndex,
      item: messageItem(this.ids.message, "", "in_progress"),
    }) + this.#event("response.content_part.added", { ...at, part: this.#part("") });
  }

  #part(text: string) {
    return this.#refusal ? refusalPart(text) : outputTextPart(text);
  }

  #messageClose(): string {
    const at = { item_id: this.ids.message, output_index: this.#messageIndex, content_index: 0 };
    const text = this.#content.join("");
    const status = this.#choice.finishReason === "length" ? "incomplete" : "completed";
    const done = this.#refusal
      ? this.#event("response.refusal.done", { ...at, refusal: text })
      : this.#event("response.output_text.done", { ...at, text, logprobs: [] });
    return done +
      this.#event("response.content_part.done", { ...at, part: this.#part(text) }) +
      this.#event("response.output_item.done", {
        output_index: this.#messageIndex,
        item: messageItem(this.ids.message, text, status, this.#refusal),
      });
  }

  #messageStep(k: number): string {
    const at = { item_id: this.ids.message, output_index: this.#messageIndex, content_index: 0 };
    let out = k === 0 ? this.#messageOpen() : "";
    out += this.#refusal
      ? this.#event("response.refusal.delta", { ...at, delta: this.#content[k] })
      : this.#event("response.output_text.delta", { ...at, delta: this.#content[k], logprobs: [] });
    if (k === this.#content.length - 1) out += this.#messageClose();
    return out;
  }

  #callStep(c: number, k: number): string {
    const call = this.#choice.toolCalls[c];
    const outputIndex = this.#messageIndex + c;
    const itemId = this.ids.calls[c];
    if (k === 0) {
      return this.#event("response.output_item.added", {
        output_index: outputIndex,
        item: functionCallItem(itemId, { ...call, arguments: "" }, "in_progress"),
      });
    }
    const at = { item_id: itemId, output_index: outputIndex };
    let out = this.#event("response.function_call_arguments.delta", {
      ...at,
      delta: call.argumentPieces[k - 1],
    });
    if (k === call.argumentPieces.length) {
      out += this.#event("response.function_call_arguments.done", {
        ...at,
        arguments: call.arguments,
      });
      out += this.#event("response.output_item.done", {
        output_index: outputIndex,
        item: functionCallItem(itemId, call, "completed"),
      });
    }
    return out;
  }
}
