/**
 * A benchmark client's per-request timings, read from its export: FakeAI's own JSON Lines
 * (`{"request_id", "ttft_ms", "itl_ms": [...]}`), AIPerf's `profile_export.jsonl` (its
 * `x_request_id` is the X-Request-ID header it sent) or genai-perf's `profile_export.json`
 * (no request ids: records are paired with the server's by start time). Times are in ms.
 */
import { isObj, type Obj } from "../util/json_shapes.ts";

export interface ClientTiming {
  /** The X-Request-ID the client sent, when its export has it. */
  requestId?: string;
  /** When the client sent the request (Unix epoch ms), when its export has it. */
  startMs?: number;
  ttftMs: number;
  /** Gaps between successive chunks (or tokens), in order. */
  gapsMs: number[];
}

export type ClientFormat = "jsonl" | "aiperf" | "genai-perf";

export interface ClientTimings {
  format: ClientFormat;
  records: ClientTiming[];
  /** Records without timings (failed or cancelled requests, non-streamed ones). */
  skipped: number;
}

type Json = Obj;

/** Parses `text`; throws an Error whose message names the line or field at fault. */
export function parseClientTimings(text: string): ClientTimings {
  const trimmed = text.trimStart();
  if (trimmed === "") throw new Error("the file is empty");
  const whole = trimmed.startsWith("{") ? tryParse(trimmed) : undefined;
  if (isObj(whole) && Array.isArray(whole.experiments)) return genaiPerf(whole);
  const lines = text.split(/\r?\n/).map((line, i) => ({ line: line.trim(), at: i + 1 }))
    .filter(({ line }) => line !== "");
  const parsed = lines.map(({ line, at }) => {
    const value = tryParse(line);
    if (!isObj(value)) throw new Error(`line ${at}: not a JSON object`);
    return { value, at };
  });
  const aiperf = isObj(parsed[0].value.metadata) && "metrics" in parsed[0].value;
  const out: ClientTimings = { format: aiperf ? "aiperf" : "jsonl", records: [], skipped: 0 };
  for (const { value, at } of parsed) {
    const record = aiperf ? aiperfRecord(value, at) : jsonlRecord(value, at);
    if (record) out.records.push(record);
    else out.skipped++;
  }
  return out;
}

function jsonlRecord(line: Json, at: number): ClientTiming | null {
  const id = line.request_id;
  if (typeof id !== "string" || id === "") {
    throw new Error(`line ${at}: request_id: expected a string`);
  }
  if (line.ttft_ms === null || line.ttft_ms === undefined) return null;
  return {
    requestId: id,
    ttftMs: finite(line.ttft_ms, `line ${at}: ttft_ms`),
    gapsMs: numbers(line.itl_ms ?? [], `line ${at}: itl_ms`),
    ...(line.start_ms !== undefined
      ? { startMs: finite(line.start_ms, `line ${at}: start_ms`) }
      : {}),
  };
}

/** One AIPerf record: metadata.x_request_id, metrics.time_to_first_token, inter_chunk_latency. */
function aiperfRecord(line: Json, at: number): ClientTiming | null {
  const metadata = line.metadata as Json;
  const metrics = isObj(line.metrics) ? line.metrics : {};
  if (line.error || metadata.was_cancelled === true || !isObj(metrics.time_to_first_token)) {
    return null;
  }
  const ttft = inMs(metrics.time_to_first_token, `line ${at}: metrics.time_to_first_token`);
  const gaps = isObj(metrics.inter_chunk_latency)
    ? inMs(metrics.inter_chunk_latency, `line ${at}: metrics.inter_chunk_latency`)
    : [];
  if (Array.isArray(ttft)) {
    throw new Error(`line ${at}: metrics.time_to_first_token.value: expected a number`);
  }
  const start = metadata.request_start_ns;
  return {
    ...(typeof metadata.x_request_id === "string" ? { requestId: metadata.x_request_id } : {}),
    ...(typeof start === "number" ? { startMs: start / 1e6 } : {}),
    ttftMs: ttft,
    gapsMs: Array.isArray(gaps) ? gaps : [gaps],
  };
}

/** genai-perf: each request's `timestamp` and `response_timestamps`, in ns since the epoch. */
function genaiPerf(whole: Json): ClientTimings {
  const out: ClientTimings = { format: "genai-perf", records: [], skipped: 0 };
  (whole.experiments as unknown[]).forEach((experiment, e) => {
    const requests = isObj(experiment) ? experiment.requests : undefined;
    if (!Array.isArray(requests)) throw new Error(`experiments[${e}].requests: expected an array`);
    requests.forEach((request, r) => {
      const at = `experiments[${e}].requests[${r}]`;
      if (!isObj(request)) throw new Error(`${at}: expected an object`);
      const start = finite(request.timestamp, `${at}.timestamp`);
      const times = numbers(request.response_timestamps ?? [], `${at}.response_timestamps`);
      if (times.length === 0) {
        out.skipped++;
        return;
      }
      out.records.push({
        startMs: start / 1e6,
        ttftMs: (times[0] - start) / 1e6,
        gapsMs: times.slice(1).map((t, i) => (t - times[i]) / 1e6),
      });
    });
  });
  return out;
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, sec: 1000 };

/** An AIPerf `{value, unit}` in ms (a number or a list of them). */
function inMs(metric: Json, at: string): number | number[] {
  const scale = UNIT_MS[String(metric.unit ?? "ms")];
  if (scale === undefined) {
    throw new Error(`${at}.unit: expected one of ${Object.keys(UNIT_MS).join(", ")}`);
  }
  return Array.isArray(metric.value)
    ? numbers(metric.value, `${at}.value`).map((v) => v * scale)
    : finite(metric.value, `${at}.value`) * scale;
}

function finite(value: unknown, at: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new Error(`${at}: expected a number`);
  }
  return value;
}

function numbers(value: unknown, at: string): number[] {
  if (!Array.isArray(value)) throw new Error(`${at}: expected an array of numbers`);
  return value.map((v, i) => finite(v, `${at}[${i}]`));
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
