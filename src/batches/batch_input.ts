/**
 * Validation of a batch input file (JSONL of {custom_id, method, url, body}), as OpenAI does it
 * while the batch is `validating`: every bad line becomes an error naming its 1-based line number.
 */
import { isObj } from "../util/json_shapes.ts";

export const BATCH_ENDPOINTS = [
  "/v1/chat/completions",
  "/v1/completions",
  "/v1/embeddings",
  "/v1/responses",
] as const;
export type BatchEndpoint = (typeof BATCH_ENDPOINTS)[number];

const API_NAMES: Record<BatchEndpoint, string> = {
  "/v1/chat/completions": "Chat Completions",
  "/v1/completions": "Completions",
  "/v1/embeddings": "Embeddings",
  "/v1/responses": "Responses",
};

/** FakeAI's own bound, so a hopeless file cannot make a batch object megabytes long. */
export const MAX_REPORTED_ERRORS = 1000;

export interface BatchLine {
  line: number;
  custom_id: string;
  body: Record<string, unknown>;
}

export interface BatchLineError {
  code: string;
  line: number | null;
  message: string;
  param: string | null;
}

export interface BatchInput {
  lines: BatchLine[];
  errors: BatchLineError[];
  /** The model every line names (null when no line names one). */
  model: string | null;
}

export function parseBatchInput(
  text: string,
  endpoint: BatchEndpoint,
  modelAllowed: (model: string) => boolean = () => true,
): BatchInput {
  const lines: BatchLine[] = [];
  const errors: BatchLineError[] = [];
  const seen = new Set<string>();
  let model: string | null = null;
  const rows = text.split("\n");
  for (let i = 0; i < rows.length; i++) {
    if (rows[i].trim() === "") continue;
    const line = i + 1;
    const fail = (code: string, message: string, param: string | null = null) => {
      if (errors.length < MAX_REPORTED_ERRORS) errors.push({ code, line, message, param });
    };
    let parsed: unknown;
    try {
      parsed = JSON.parse(rows[i]);
    } catch {
      fail("invalid_json_line", "This line is not parseable as valid JSON.");
      continue;
    }
    if (!isObj(parsed)) {
      fail("invalid_request", "Each line must be a JSON object.");
      continue;
    }
    const problem = checkEnvelope(parsed, endpoint);
    if (problem) {
      fail(...problem);
      continue;
    }
    const body = parsed.body as Record<string, unknown>;
    if (body.stream === true) {
      fail(
        "streaming_unsupported",
        `${API_NAMES[endpoint]}: Streaming is not supported in the Batch API.`,
        "body.stream",
      );
      continue;
    }
    if (typeof body.model !== "string" || body.model === "") {
      fail("invalid_request", "Model parameter is required.", "body.model");
      continue;
    }
    if (!modelAllowed(body.model)) {
      fail(
        "model_not_found",
        `The provided model '${body.model}' is not supported by the Batch API.`,
        "body.model",
      );
      continue;
    }
    if (model !== null && body.model !== model) {
      fail(
        "mismatched_model",
        `The provided model '${body.model}' does not match the model '${model}' of the other ` +
          "requests in this batch. A batch can only include requests to a single model.",
        "body.model",
      );
      continue;
    }
    model = body.model;
    const customId = parsed.custom_id as string;
    if (seen.has(customId)) {
      fail(
        "duplicate_custom_id",
        "The custom_id for this request is a duplicate of another request. The custom_id " +
          "parameter must be unique for each request in a batch.",
        "custom_id",
      );
      continue;
    }
    seen.add(customId);
    lines.push({ line, custom_id: customId, body });
  }
  if (lines.length === 0 && errors.length === 0) {
    errors.push({
      code: "empty_file",
      line: null,
      message: "The batch input file is empty: it holds no requests.",
      param: null,
    });
  }
  return { lines, errors, model };
}

type Problem = [code: string, message: string, param: string];

/** The first problem with custom_id, method, url and body, if any. */
function checkEnvelope(row: Record<string, unknown>, endpoint: BatchEndpoint): Problem | null {
  const fields: Array<[string, "string" | "object"]> = [
    ["custom_id", "string"],
    ["method", "string"],
    ["url", "string"],
    ["body", "object"],
  ];
  for (const [name, type] of fields) {
    const value = row[name];
    if (value === undefined || value === null) {
      return ["missing_required_parameter", `Missing required parameter: '${name}'.`, name];
    }
    const ok = type === "string" ? typeof value === "string" : isObj(value);
    if (!ok) {
      return [
        "invalid_type",
        `Invalid type for '${name}': expected ${
          type === "string" ? "a string" : "an object"
        }, but got ${describe(value)} instead.`,
        name,
      ];
    }
  }
  if (row.method !== "POST") {
    return [
      "invalid_value",
      `Invalid value: '${row.method}'. Supported values are: 'POST'.`,
      "method",
    ];
  }
  if (row.url !== endpoint) {
    return [
      "invalid_url",
      "The URL provided for this request does not match the batch endpoint.",
      "url",
    ];
  }
  return null;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return "an array";
  if (typeof v === "number") return Number.isInteger(v) ? "an integer" : "a decimal";
  if (typeof v === "object") return "an object";
  if (typeof v === "string") return "a string";
  return `a ${typeof v}`;
}
