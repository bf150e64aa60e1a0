/** Responses API objects: output items from a plan, and the response object around them. */
import type { ChoicePlan, CompletionPlan } from "../../engine/plan.ts";
import type { ResponseRequest } from "./responses_schema.ts";

/** Ids of one response's output items, fixed before streaming so events and object agree. */
export interface OutputIds {
  reasoning: string;
  message: string;
  calls: string[];
}

export function outputIds(choice: ChoicePlan, newId: (prefix: string) => string): OutputIds {
  return {
    reasoning: newId("rs_"),
    message: newId("msg_"),
    calls: choice.toolCalls.map(() => newId("fc_")),
  };
}

export function reasoningItem(id: string, text: string, status: string) {
  return {
    id,
    type: "reasoning",
    summary: [],
    content: [{ type: "reasoning_text", text }],
    status,
  };
}

export function outputTextPart(text: string) {
  return { type: "output_text", text, annotations: [], logprobs: [] };
}

export function refusalPart(refusal: string) {
  return { type: "refusal", refusal };
}

/** An assistant message item; with `refusal` its one content part is a refusal. */
export function messageItem(id: string, text: string, status: string, refusal = false) {
  return {
    id,
    type: "message",
    status,
    role: "assistant",
    content: status === "in_progress" ? [] : [refusal ? refusalPart(text) : outputTextPart(text)],
  };
}

export function functionCallItem(
  id: string,
  call: { id: string; name: string; arguments: string },
  status: string,
) {
  return {
    id,
    type: "function_call",
    status,
    arguments: call.arguments,
    call_id: call.id,
    name: call.name,
  };
}

export function outputItems(choice: ChoicePlan, ids: OutputIds): Array<Record<string, unknown>> {
  const status = choice.finishReason === "length" ? "incomplete" : "completed";
  const items: Array<Record<string, unknown>> = [];
  if (choice.reasoning.length > 0) {
    items.push(reasoningItem(ids.reasoning, choice.reasoning.join(""), "completed"));
  }
  if (choice.content !== null) {
    items.push(messageItem(ids.message, choice.content.join(""), status));
  } else if (choice.refusal !== null) {
    items.push(messageItem(ids.message, choice.refusal.join(""), status, true));
  }
  choice.toolCalls.forEach((call, i) =>
    items.push(functionCallItem(ids.calls[i], call, "completed"))
  );
  return items;
}

export function responseObject(
  plan: CompletionPlan,
  req: ResponseRequest,
  state: { status: "in_progress" | "completed" | "incomplete"; output: unknown[] },
) {
  const choice = plan.choices[0];
  const done = state.status !== "in_progress";
  return {
    id: plan.id,
    object: "response",
    created_at: plan.created,
    status: state.status,
    background: false,
    error: null,
    incomplete_details: state.status === "incomplete" ? { reason: "max_output_tokens" } : null,
    instructions: req.instructions ?? null,
    max_output_tokens: req.max_output_tokens ?? null,
    max_tool_calls: null,
    model: plan.model,
    output: state.output,
    parallel_tool_calls: req.parallel_tool_calls ?? true,
    previous_response_id: req.previous_response_id ?? null,
    reasoning: { effort: req.reasoning?.effort ?? null, summary: req.reasoning?.summary ?? null },
    service_tier: "default",
    store: req.store ?? true,
    temperature: req.temperature ?? 1,
    text: {
      format: req.text?.format ?? { type: "text" },
      verbosity: req.text?.verbosity ?? "medium",
    },
    tool_choice: req.tool_choice ?? "auto",
    tools: req.tools ?? [],
    top_logprobs: req.top_logprobs ?? 0,
    top_p: req.top_p ?? 1,
    truncation: req.truncation ?? "disabled",
    usage: done && choice
      ? {
        input_tokens: plan.usage.promptTokens,
        input_tokens_details: { cached_tokens: plan.usage.cachedTokens },
        output_tokens: plan.usage.completionTokens,
        output_tokens_details: { reasoning_tokens: plan.usage.reasoningTokens },
        total_tokens: plan.usage.promptTokens + plan.usage.completionTokens,
      }
      : null,
    user: req.user ?? null,
    metadata: req.metadata ?? {},
  };
}

export function finalStatus(plan: CompletionPlan): "completed" | "incomplete" {
  return plan.choices[0]?.finishReason === "length" ? "incomplete" : "completed";
}
