/**
 * FAKEAI_LOG_FILE: every JSON log line is also appended to a file, reopened on SIGHUP so logrotate
 * can move it away (`postrotate systemctl reload fakeai`). Lines are written whole, in batches
 * (BufferedLineWriter), in append mode; a failing write is reported once on stderr until writes
 * succeed again.
 */
import { dirname } from "node:path";
import { BufferedLineWriter } from "../util/buffered_line_writer.ts";
import { systemClock } from "../util/clock.ts";

export class LogFile {
  #file: Deno.FsFile;
  readonly #lines: BufferedLineWriter;

  private constructor(
    readonly path: string,
    file: Deno.FsFile,
    onWriteError: (message: string) => void,
  ) {
    this.#file = file;
    this.#lines = new BufferedLineWriter(file, {
      clock: systemClock,
      onWriteError: (err) => onWriteError(`log file ${path}: write failed: ${reason(err)}`),
    });
  }

  /** Opens (creating the file and its directory when missing) or throws one line naming the path. */
  static open(path: string, onWriteError: (message: string) => void): LogFile {
    return new LogFile(path, openAppend(path), onWriteError);
  }

  write(line: string): void {
    this.#lines.write(line);
  }

  /**
   * Opens the path anew (after a rotation); on failure keeps the old file and throws. Lines logged
   * before go to the old file.
   */
  reopen(): void {
    const next = openAppend(this.path);
    const previous = this.#file;
    this.#lines.retarget(next);
    this.#file = next;
    previous.close();
  }

  close(): void {
    this.#lines.close();
    try {
      this.#file.close();
    } catch {
      // already closed
    }
  }
}

function openAppend(path: string): Deno.FsFile {
  try {
    Deno.mkdirSync(dirname(path), { recursive: true });
    // 0640: the owner writes, a log shipper in the group may read (as logrotate's `create 0640`).
    return Deno.openSync(path, { append: true, create: true, mode: 0o640 });
  } catch (err) {
    throw new Error(`log file ${path}: ${reason(err)}`);
  }
}

function reason(err: unknown): string {
  if (err instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (err instanceof Deno.errors.IsADirectory) return "is a directory";
  if (err instanceof Deno.errors.NotADirectory || err instanceof Deno.errors.AlreadyExists) {
    return "a path on the way is a file, not a directory";
  }
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\s*\(os error \d+\).*$/, "") || message;
}

/** The configured log file, null without FAKEAI_LOG_FILE, or the one-line startup error. */
export function openConfiguredLogFile(
  path: string | null,
  onWriteError: (message: string) => void,
): LogFile | null | { error: string } {
  if (path === null || path === "") return null;
  try {
    return LogFile.open(path, onWriteError);
  } catch (err) {
    return { error: `fakeai: error: ${(err as Error).message}` };
  }
}
