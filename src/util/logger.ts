/**
 * Diagnostic logging: JSON lines on stderr, filtered by level. Access logs go to stdout, whatever
 * the level. Both kinds start with `timestamp`, `level` and `msg`. With a log file, every JSON line
 * also goes there (the readable --debug lines do not).
 */
import { isoTimestamp, jsonLine, type LogLevel } from "./log_line.ts";

export type { LogLevel };

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** One access-log line (stdout), written whatever the logger's level. */
  access(level: LogLevel, msg: string, fields: Record<string, unknown>): void;
  /** Whether access() writes anything (callers skip building the fields when not). */
  readonly logsAccess: boolean;
}

export interface LogSink {
  stderr(line: string): void;
  stdout(line: string): void;
}

const NO_FIELDS: Record<string, unknown> = Object.freeze({});
const encoder = new TextEncoder();
export const processSink: LogSink = {
  stderr: (line) => Deno.stderr.writeSync(encoder.encode(line + "\n")),
  stdout: (line) => Deno.stdout.writeSync(encoder.encode(line + "\n")),
};

export function createLogger(
  level: LogLevel,
  options: {
    accessLog: boolean;
    readableAccess?: boolean;
    sink?: LogSink;
    now?: () => number;
    /** Also receives every JSON line, diagnostics and access log alike (FAKEAI_LOG_FILE). */
    file?: { write(line: string): void };
  },
): Logger {
  const sink = options.sink ?? processSink;
  const now = options.now ?? Date.now;
  const min = RANK[level];
  const log = (lvl: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (RANK[lvl] < min) return;
    const line = jsonLine(isoTimestamp(now()), lvl, msg, fields ?? NO_FIELDS);
    sink.stderr(line);
    options.file?.write(line);
  };
  return {
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    logsAccess: options.accessLog || options.readableAccess === true,
    access: (lvl, msg, fields) => {
      if (options.accessLog) {
        const line = jsonLine(isoTimestamp(now()), lvl, msg, fields);
        sink.stdout(line);
        options.file?.write(line);
      }
      if (options.readableAccess) sink.stderr(readable(lvl, fields));
    },
  };
}

/** A logger that keeps lines in memory, for tests. */
export function memoryLogger(
  level: LogLevel = "debug",
): Logger & { stderr: string[]; stdout: string[] } {
  const stderr: string[] = [];
  const stdout: string[] = [];
  const logger = createLogger(level, {
    accessLog: true,
    sink: { stderr: (l) => stderr.push(l), stdout: (l) => stdout.push(l) },
  });
  return Object.assign(logger, { stderr, stdout });
}

/**
 * `POST /v1/chat/completions 200 12.3ms model=gpt-4o tokens=12+48 stream id=req_…` for --debug; a
 * failure starts with its level and names its error type:
 * `warn POST /v1/chat/completions 429 0.4ms model=gpt-4o error=rate_limit_exceeded id=req_…`.
 */
function readable(level: LogLevel, f: Record<string, unknown>): string {
  const parts = [`${f.method} ${f.path} ${f.status} ${f.latency_ms}ms`];
  if (level !== "info") parts.unshift(level);
  if (f.model) parts.push(`model=${f.model}`);
  if (f.prompt_tokens !== undefined) parts.push(`tokens=${f.prompt_tokens}+${f.completion_tokens}`);
  if (f.stream) parts.push("stream");
  if (f.outcome && f.outcome !== "completed") parts.push(String(f.outcome));
  if (f.error_type) parts.push(`error=${f.error_type}`);
  parts.push(`id=${f.request_id}`);
  return parts.join(" ");
}
