/**
 * Log lines written in batches under load: one write per batch instead of one per request. A line
 * that comes FLUSH_AFTER_MS or more after the last write is written at once; one that comes sooner
 * waits for a timed write, due at most FLUSH_AFTER_MS after that last write, so someone tailing the
 * output sees every line within FLUSH_AFTER_MS. A full batch (BATCH_CHARS) and flush() are written
 * at once, and after close() every line is: none logged in the last moments of shutdown is left.
 */
import type { Clock, TimerHandle } from "./clock.ts";

/**
 * ~50 access-log lines: one write instead of fifty is where the saving is; larger batches save
 * little more and would hold the event loop longer when the reader of a pipe is slow.
 */
export const BATCH_CHARS = 16 * 1024;
/** Lines reach someone tailing the log within 0.1 s (below notice); under load that is at most
 * ten timed writes a second. */
export const FLUSH_AFTER_MS = 100;

export interface LineTarget {
  writeSync(bytes: Uint8Array): number;
}

export interface BufferedLineWriterOptions {
  clock: Clock;
  /** Called once when writes start failing (the batch is dropped), again only after a success. */
  onWriteError: (err: unknown) => void;
  /**
   * Several isolates writing to one pipe (`--workers`): each write at most this many bytes and
   * ending at a line's end, so that it is atomic (PIPE_BUF) and lines never interleave.
   */
  maxWriteBytes?: number;
}

/** Writes up to this size are atomic on a Linux pipe. */
export const PIPE_BUF = 4096;
const NEWLINE = 10;

const encoder = new TextEncoder();

export class BufferedLineWriter {
  #target: LineTarget;
  #lines: string[] = [];
  #chars = 0;
  #timer: TimerHandle | null = null;
  #lastWriteAt = -Infinity;
  #failing = false;
  #closed = false;

  constructor(target: LineTarget, private readonly options: BufferedLineWriterOptions) {
    this.#target = target;
  }

  /** Queues one line (without its newline). */
  write(line: string): void {
    this.#lines.push(line);
    this.#chars += line.length + 1;
    if (this.#chars >= BATCH_CHARS || this.#closed) return this.#writeQueued();
    // A pending timed write takes this line too (a full batch written since leaves it armed:
    // re-arming a timer per batch would cost more than the write it saves).
    if (this.#timer !== null) return;
    const wait = this.#lastWriteAt + FLUSH_AFTER_MS - this.options.clock.now();
    if (wait <= 0) this.#writeQueued();
    else this.#timer = this.options.clock.setTimer(this.#onTimer, wait);
  }

  /** Writes every queued line now. */
  flush(): void {
    if (this.#timer !== null) {
      this.options.clock.clearTimer(this.#timer);
      this.#timer = null;
    }
    this.#writeQueued();
  }

  #writeQueued(): void {
    if (this.#lines.length === 0) return;
    const bytes = encoder.encode(this.#lines.join("\n") + "\n");
    this.#lines = [];
    this.#chars = 0;
    this.#lastWriteAt = this.options.clock.now();
    try {
      const limit = this.options.maxWriteBytes ?? Infinity;
      for (let start = 0; start < bytes.length;) {
        let end = bytes.length;
        if (end - start > limit) {
          end = bytes.lastIndexOf(NEWLINE, start + limit - 1) + 1;
          if (end <= start) end = bytes.indexOf(NEWLINE, start) + 1; // one line over the limit
        }
        for (let done = start; done < end;) {
          done += this.#target.writeSync(bytes.subarray(done, end));
        }
        start = end;
      }
      this.#failing = false;
    } catch (err) {
      if (this.#failing) return;
      this.#failing = true;
      this.options.onWriteError(err);
    }
  }

  /** Writes the queued lines to the current target, then sends later ones to `target`. */
  retarget(target: LineTarget): void {
    this.flush();
    this.#target = target;
    this.#failing = false;
  }

  /** Flushes, and from now on writes every line at once (the target stays open). */
  close(): void {
    this.flush();
    this.#closed = true;
  }

  readonly #onTimer = () => {
    this.#timer = null;
    this.#writeQueued();
  };
}
