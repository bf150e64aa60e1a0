/**
 * Where the server's log lines go: diagnostics on stderr at once; access lines on stdout and every
 * JSON line in FAKEAI_LOG_FILE in batches (BufferedLineWriter), so a request costs no write of its
 * own. close() writes whatever is still queued: every exit path after opening must call it.
 */
import type { Config } from "../config/schema.ts";
import { BufferedLineWriter, PIPE_BUF } from "../util/buffered_line_writer.ts";
import { workerCount } from "./worker_count.ts";
import { systemClock } from "../util/clock.ts";
import { createLogger, type Logger, processSink } from "../util/logger.ts";
import { type LogFile, openConfiguredLogFile } from "./log_file.ts";

export interface LogOutputs {
  logger: Logger;
  logFile: LogFile | null;
  /** Flushes, then closes the log file; later lines are written at once. */
  close(): void;
}

/** The logger and its outputs, or the one-line startup error of an unusable log file. */
export function openLogOutputs(
  config: Config,
  errorLine: (line: string) => void,
): LogOutputs | { error: string } {
  const logFile = openConfiguredLogFile(
    config.logFile,
    (message) => errorLine(`fakeai: ${message}`),
  );
  if (logFile && "error" in logFile) return logFile;
  const accessLines = new BufferedLineWriter(Deno.stdout, {
    clock: systemClock,
    onWriteError: (err) => errorLine(`fakeai: access log: stdout write failed: ${message(err)}`),
    // Every isolate of --workers writes to the same stdout (often a pipe): whole lines only.
    maxWriteBytes: workerCount(config.workers) > 1 ? PIPE_BUF : undefined,
  });
  const logger = createLogger(config.debug ? "debug" : config.logLevel, {
    accessLog: config.accessLog,
    readableAccess: config.debug,
    sink: { stderr: processSink.stderr, stdout: (line) => accessLines.write(line) },
    file: logFile ?? undefined,
  });
  return {
    logger,
    logFile,
    close: () => {
      accessLines.close();
      logFile?.close();
    },
  };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
