/** Messages a live-metrics client may send, parsed and checked; a bad one becomes an error text. */
import { LIVE_FIELDS, type LiveField } from "./live_snapshot.ts";

export const MIN_INTERVAL_MS = 100;
export const MAX_INTERVAL_MS = 60_000;
export const DEFAULT_INTERVAL_MS = 1000;
/** Larger client messages are refused unread: none of ours needs more. */
export const MAX_MESSAGE_CHARS = 65_536;
const MAX_MODELS = 100;

export interface Subscription {
  intervalMs: number;
  /** null: every field. */
  metrics: LiveField[] | null;
  /** null: every model. */
  models: string[] | null;
}

export const DEFAULT_SUBSCRIPTION: Subscription = Object.freeze({
  intervalMs: DEFAULT_INTERVAL_MS,
  metrics: null,
  models: null,
});

export type ClientMessage =
  | { type: "subscribe"; subscription: Subscription }
  | { type: "unsubscribe" }
  | { type: "ping" }
  | { type: "invalid"; message: string };

const TYPES = ["subscribe", "unsubscribe", "ping"];
const SUBSCRIBE_KEYS = ["type", "interval_ms", "metrics", "models"];

export function parseClientMessage(text: string): ClientMessage {
  if (text.length > MAX_MESSAGE_CHARS) {
    return invalid(`Message too large: at most ${MAX_MESSAGE_CHARS} characters.`);
  }
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return invalid("Invalid JSON: every message must be a JSON object with a 'type'.");
  }
  if (typeof msg !== "object" || msg === null || Array.isArray(msg)) {
    return invalid("Every message must be a JSON object with a 'type'.");
  }
  const obj = msg as Record<string, unknown>;
  if (obj.type === "ping" || obj.type === "unsubscribe") return { type: obj.type };
  if (obj.type !== "subscribe") {
    return invalid(
      `Unknown message type ${show(obj.type)}. Supported types are: ${quoted(TYPES)}.`,
    );
  }
  const unknown = Object.keys(obj).find((k) => !SUBSCRIBE_KEYS.includes(k));
  if (unknown !== undefined) {
    return invalid(
      `Unknown field '${unknown}' in subscribe. Supported fields are: ${
        quoted(SUBSCRIBE_KEYS.slice(1))
      }.`,
    );
  }
  const interval = obj.interval_ms ?? DEFAULT_INTERVAL_MS;
  if (
    typeof interval !== "number" || !Number.isInteger(interval) || interval < MIN_INTERVAL_MS ||
    interval > MAX_INTERVAL_MS
  ) {
    return invalid(
      `'interval_ms' must be an integer from ${MIN_INTERVAL_MS} to ${MAX_INTERVAL_MS}, got ${
        show(interval)
      }.`,
    );
  }
  const metrics = stringList(obj.metrics, "metrics", LIVE_FIELDS.length);
  if (typeof metrics === "string") return invalid(metrics);
  const badField = metrics?.find((m) => !(LIVE_FIELDS as readonly string[]).includes(m));
  if (badField !== undefined) {
    return invalid(`Unknown metric '${badField}'. Supported metrics are: ${quoted(LIVE_FIELDS)}.`);
  }
  const models = stringList(obj.models, "models", MAX_MODELS);
  if (typeof models === "string") return invalid(models);
  return {
    type: "subscribe",
    subscription: {
      intervalMs: interval,
      metrics: metrics ? [...new Set(metrics)] as LiveField[] : null,
      models: models ? [...new Set(models)] : null,
    },
  };
}

/** The list, null when absent, or the error text. */
function stringList(value: unknown, name: string, max: number): string[] | null | string {
  if (value === undefined || value === null) return null;
  if (
    !Array.isArray(value) || value.length === 0 || value.length > max ||
    !value.every((v) => typeof v === "string" && v !== "")
  ) {
    return `'${name}' must be an array of 1 to ${max} non-empty strings, got ${show(value)}.`;
  }
  return value;
}

function invalid(message: string): ClientMessage {
  return { type: "invalid", message };
}

function quoted(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(", ");
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
