/** The Batch object: FakeAI's record of a batch and its rendering in OpenAI's wire shape. */
import type { BatchEndpoint, BatchLineError } from "./batch_input.ts";

export type BatchStatus =
  | "validating"
  | "failed"
  | "in_progress"
  | "finalizing"
  | "completed"
  | "expired"
  | "cancelling"
  | "cancelled";

export interface BatchUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export interface BatchRecord {
  id: string;
  endpoint: BatchEndpoint;
  /** Known once the input has been validated. */
  model: string | null;
  errors: BatchLineError[] | null;
  input_file_id: string;
  completion_window: "24h";
  status: BatchStatus;
  output_file_id: string | null;
  error_file_id: string | null;
  created_at: number;
  in_progress_at: number | null;
  expires_at: number;
  finalizing_at: number | null;
  completed_at: number | null;
  failed_at: number | null;
  expired_at: number | null;
  cancelling_at: number | null;
  cancelled_at: number | null;
  request_counts: { total: number; completed: number; failed: number };
  usage: BatchUsage;
  metadata: Record<string, string> | null;
}

export function emptyUsage(): BatchUsage {
  return {
    input_tokens: 0,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: 0,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 0,
  };
}

/** A new batch, `validating`, with every later timestamp null. */
export function newBatchRecord(
  init: Pick<
    BatchRecord,
    "id" | "endpoint" | "input_file_id" | "metadata" | "created_at" | "expires_at"
  >,
): BatchRecord {
  return {
    ...init,
    model: null,
    errors: null,
    completion_window: "24h",
    status: "validating",
    output_file_id: null,
    error_file_id: null,
    in_progress_at: null,
    finalizing_at: null,
    completed_at: null,
    failed_at: null,
    expired_at: null,
    cancelling_at: null,
    cancelled_at: null,
    request_counts: { total: 0, completed: 0, failed: 0 },
    usage: emptyUsage(),
  };
}

export function isTerminal(status: BatchStatus): boolean {
  return status === "completed" || status === "failed" || status === "expired" ||
    status === "cancelled";
}

/** The wire object, keys in OpenAI's order; `model` appears once it is known. */
export function toBatchObject(r: BatchRecord): Record<string, unknown> {
  return {
    id: r.id,
    object: "batch",
    endpoint: r.endpoint,
    ...(r.model !== null ? { model: r.model } : {}),
    errors: r.errors === null ? null : { object: "list", data: r.errors },
    input_file_id: r.input_file_id,
    completion_window: r.completion_window,
    status: r.status,
    output_file_id: r.output_file_id,
    error_file_id: r.error_file_id,
    created_at: r.created_at,
    in_progress_at: r.in_progress_at,
    expires_at: r.expires_at,
    finalizing_at: r.finalizing_at,
    completed_at: r.completed_at,
    failed_at: r.failed_at,
    expired_at: r.expired_at,
    cancelling_at: r.cancelling_at,
    cancelled_at: r.cancelled_at,
    request_counts: { ...r.request_counts },
    usage: structuredClone(r.usage),
    metadata: r.metadata,
  };
}
