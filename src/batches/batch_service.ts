/**
 * Batches in memory, driven by the injected clock: validating → in_progress → finalizing →
 * completed (or failed / cancelling → cancelled / expired). Every phase change happens in a
 * clock timer, so a ManualClock steps a batch through its statuses deterministically.
 */
import type { TimerHandle } from "../util/clock.ts";
import { parseBatchInput } from "./batch_input.ts";
import {
  type BatchServiceDeps,
  COMPLETION_WINDOW_MS,
  type CreateBatchParams,
  DEFAULT_CONCURRENCY,
  FINALIZING_MS,
  type Job,
  newJob,
  VALIDATING_MS,
} from "./batch_job.ts";
import { type BatchRecord, isTerminal, newBatchRecord } from "./batch_object.ts";
import { addUsage, type LineResult } from "./batch_output.ts";
import { runLine } from "./batch_line_runner.ts";
import { writeResults } from "./batch_results.ts";

export class BatchService {
  readonly #jobs = new Map<string, Job>();
  readonly #pending = new Set<Promise<unknown>>();
  readonly #concurrency: number;
  #halted = false;

  constructor(private readonly deps: BatchServiceDeps) {
    this.#concurrency = deps.concurrency ?? DEFAULT_CONCURRENCY;
    if (deps.shutdownSignal?.aborted) this.#halted = true;
    deps.shutdownSignal?.addEventListener("abort", () => this.#shutdown(), { once: true });
  }

  create(params: CreateBatchParams): BatchRecord {
    const { clock, ids, speedup } = this.deps;
    const windowMs = COMPLETION_WINDOW_MS / speedup;
    const record = newBatchRecord({
      id: ids.next("batch_", 32),
      endpoint: params.endpoint,
      input_file_id: params.input_file_id,
      metadata: params.metadata,
      created_at: this.#now(),
      expires_at: Math.floor((clock.wallNow() + windowMs) / 1000),
    });
    const job = newJob(record, params);
    this.#jobs.set(record.id, job);
    job.timer = this.#after(VALIDATING_MS / speedup, () => this.#track(this.#validate(job)));
    job.expiryTimer = this.#after(windowMs, () => this.#expire(job));
    return record;
  }

  get(id: string): BatchRecord | undefined {
    return this.#jobs.get(id)?.record;
  }

  /** Newest first. */
  list(): BatchRecord[] {
    return [...this.#jobs.values()].map((job) => job.record).reverse();
  }

  /** validating/in_progress/finalizing → cancelling; a cancelling or cancelled batch as it is. */
  cancel(id: string): BatchRecord | "terminal" | undefined {
    const job = this.#jobs.get(id);
    if (!job) return undefined;
    const status = job.record.status;
    if (status === "cancelling" || status === "cancelled") return job.record;
    if (isTerminal(status)) return "terminal";
    job.record.status = "cancelling";
    job.record.cancelling_at = this.#now();
    this.#stop(job, "cancelled");
    return job.record;
  }

  /** Resolves once no validation, line or file write is running (for tests). */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  async #validate(job: Job): Promise<void> {
    job.timer = null;
    const { record } = job;
    // An unreadable file (disk error) is treated like a missing one rather than left validating.
    const data = await this.deps.store.read(record.input_file_id).catch(() => undefined);
    if (job.stopping) return this.#stopWhenIdle(job);
    if (!data) {
      return this.#fail(job, [{
        code: "invalid_request",
        line: null,
        message: `Cannot find file ${record.input_file_id}.`,
        param: "input_file_id",
      }]);
    }
    const input = parseBatchInput(
      new TextDecoder().decode(data),
      record.endpoint,
      this.deps.modelAllowed,
    );
    record.model = input.model;
    if (input.errors.length > 0) return this.#fail(job, input.errors);
    job.lines = input.lines;
    record.status = "in_progress";
    record.in_progress_at = this.#now();
    record.request_counts.total = input.lines.length;
    this.#schedulePump(job);
  }

  #fail(job: Job, errors: BatchRecord["errors"]): void {
    job.record.errors = errors;
    job.record.status = "failed";
    job.record.failed_at = this.#now();
    this.#clearTimers(job);
  }

  #schedulePump(job: Job): void {
    if (job.timer === null) job.timer = this.#after(0, () => this.#pump(job));
  }

  /** Starts lines up to the concurrency bound. */
  #pump(job: Job): void {
    job.timer = null;
    if (job.stopping || this.#halted || this.deps.draining?.()) return;
    while (job.inFlight < this.#concurrency && job.cursor < job.lines.length) {
      const line = job.lines[job.cursor++];
      job.inFlight++;
      const id = this.deps.ids.next("batch_req_", 32);
      const run = runLine(this.deps.dispatch, line, id, {
        endpoint: job.record.endpoint,
        forwarded: job.params.forwardedHeaders,
        signal: this.deps.shutdownSignal,
      }, () => this.deps.ids.next("req_", 24)).then((result) => {
        job.inFlight--;
        this.#record(job, result);
        this.#afterLine(job);
      });
      this.#track(run);
    }
  }

  #record(job: Job, result: LineResult): void {
    job.results.push(result);
    const ok = result.status_code >= 200 && result.status_code < 300;
    if (ok) {
      job.record.request_counts.completed++;
      addUsage(job.record.usage, result.body);
    } else {
      job.record.request_counts.failed++;
    }
  }

  #afterLine(job: Job): void {
    if (job.stopping) return this.#stopWhenIdle(job);
    if (job.cursor < job.lines.length) return this.#schedulePump(job);
    if (job.inFlight > 0) return;
    job.record.status = "finalizing";
    job.record.finalizing_at = this.#now();
    job.timer = this.#after(
      FINALIZING_MS / this.deps.speedup,
      () => this.#track(this.#finish(job)),
    );
  }

  #expire(job: Job): void {
    job.expiryTimer = null;
    const status = job.record.status;
    if (status === "validating" || status === "in_progress") this.#stop(job, "expired");
  }

  #stop(job: Job, reason: "cancelled" | "expired"): void {
    job.stopping = reason;
    if (job.record.status !== "finalizing" && job.timer !== null) {
      this.deps.clock.clearTimer(job.timer);
      job.timer = null;
    }
    this.#stopWhenIdle(job);
  }

  /** Once no line runs: cancelling waits one finalizing pause; expiry ends at once. */
  #stopWhenIdle(job: Job): void {
    if (job.inFlight > 0 || job.timer !== null || job.finishing || this.#halted) return;
    if (job.stopping === "expired") {
      this.#track(this.#finish(job));
      return;
    }
    job.timer = this.#after(
      FINALIZING_MS / this.deps.speedup,
      () => this.#track(this.#finish(job)),
    );
  }

  async #finish(job: Job): Promise<void> {
    job.finishing = true;
    job.timer = null;
    this.#clearTimers(job);
    const outcome = job.stopping ?? "completed";
    const notRun = job.stopping === null ? [] : job.lines.slice(job.cursor);
    const written = await writeResults(this.deps, job, notRun, outcome);
    const { record } = job;
    job.lines = [];
    job.results = [];
    if (!written.ok) return this.#fail(job, [written.error]);
    record.output_file_id = written.outputFileId;
    record.error_file_id = written.errorFileId;
    record.status = outcome;
    const now = this.#now();
    if (outcome === "completed") record.completed_at = now;
    else if (outcome === "cancelled") record.cancelled_at = now;
    else record.expired_at = now;
  }

  #clearTimers(job: Job): void {
    for (const handle of [job.timer, job.expiryTimer]) {
      if (handle !== null) this.deps.clock.clearTimer(handle);
    }
    job.timer = null;
    job.expiryTimer = null;
  }

  /** Nothing is scheduled any more; the records stay as they are (they live in memory only). */
  #shutdown(): void {
    this.#halted = true;
    for (const job of this.#jobs.values()) this.#clearTimers(job);
  }

  #after(ms: number, callback: () => void): TimerHandle | null {
    return this.#halted ? null : this.deps.clock.setTimer(callback, ms);
  }

  #track(work: Promise<unknown>): void {
    const tracked = work.catch(() => {}).finally(() => this.#pending.delete(tracked));
    this.#pending.add(tracked);
  }

  #now(): number {
    return Math.floor(this.deps.clock.wallNow() / 1000);
  }
}
