/** Lines of a batch's output and error files, and the batch usage summed from response bodies. */
import type { BatchUsage } from "./batch_object.ts";

/** The result of one executed line. */
export interface LineResult {
  line: number;
  id: string;
  custom_id: string;
  status_code: number;
  request_id: string;
  body: unknown;
}

/** One line of the output (2xx) or error (4xx/5xx) file: the response as the endpoint gave it. */
export function responseLine(r: LineResult): string {
  return JSON.stringify({
    id: r.id,
    custom_id: r.custom_id,
    response: { status_code: r.status_code, request_id: r.request_id, body: r.body },
    error: null,
  });
}

export type NotRunReason = "batch_expired" | "batch_cancelled";

const NOT_RUN_MESSAGES: Record<NotRunReason, string> = {
  batch_expired: "This request could not be executed before the completion window expired.",
  batch_cancelled: "This request was not executed because the batch was cancelled.",
};

/** An error-file line for a request that never ran. */
export function notRunLine(id: string, customId: string, reason: NotRunReason): string {
  return JSON.stringify({
    id,
    custom_id: customId,
    response: null,
    error: { code: reason, message: NOT_RUN_MESSAGES[reason] },
  });
}

/** Adds a response body's usage (chat/completions/embeddings or Responses naming) to the total. */
export function addUsage(total: BatchUsage, body: unknown): void {
  const usage = field(body, "usage");
  if (!usage) return;
  const input = num(usage, "input_tokens") ?? num(usage, "prompt_tokens") ?? 0;
  const output = num(usage, "output_tokens") ?? num(usage, "completion_tokens") ?? 0;
  const inputDetails = field(usage, "input_tokens_details") ??
    field(usage, "prompt_tokens_details");
  const outputDetails = field(usage, "output_tokens_details") ??
    field(usage, "completion_tokens_details");
  total.input_tokens += input;
  total.output_tokens += output;
  total.total_tokens += num(usage, "total_tokens") ?? input + output;
  total.input_tokens_details.cached_tokens += num(inputDetails, "cached_tokens") ?? 0;
  total.output_tokens_details.reasoning_tokens += num(outputDetails, "reasoning_tokens") ?? 0;
}

function field(v: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof v !== "object" || v === null) return undefined;
  const inner = (v as Record<string, unknown>)[key];
  return typeof inner === "object" && inner !== null ? inner as Record<string, unknown> : undefined;
}

function num(v: Record<string, unknown> | undefined, key: string): number | undefined {
  const n = v?.[key];
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}
