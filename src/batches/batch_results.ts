/** Writes a finished batch's output file (2xx lines) and error file (other lines, lines not run). */
import type { Clock } from "../util/clock.ts";
import type { IdGenerator } from "../util/ids.ts";
import { type FileStore, StorageFullError } from "../files/file_store.ts";
import type { BatchLine, BatchLineError } from "./batch_input.ts";
import { notRunLine, responseLine } from "./batch_output.ts";

export type WriteOutcome =
  | { ok: true; outputFileId: string | null; errorFileId: string | null }
  | { ok: false; error: BatchLineError };

interface ResultsJob {
  record: { id: string };
  params: { outputExpiresAfterSeconds: number | null };
  results: ReadonlyArray<Parameters<typeof responseLine>[0]>;
}

export async function writeResults(
  deps: { store: FileStore; ids: IdGenerator; clock: Clock },
  job: ResultsJob,
  notRun: readonly BatchLine[],
  outcome: "completed" | "cancelled" | "expired",
): Promise<WriteOutcome> {
  // Output lines follow the input order (OpenAI does not promise an order; this is stable).
  const results = [...job.results].sort((a, b) => a.line - b.line);
  const output: string[] = [];
  const failed: Array<{ line: number; text: string }> = [];
  for (const r of results) {
    if (r.status_code >= 200 && r.status_code < 300) output.push(responseLine(r));
    else failed.push({ line: r.line, text: responseLine(r) });
  }
  const reason = outcome === "expired" ? "batch_expired" : "batch_cancelled";
  for (const line of notRun) {
    failed.push({
      line: line.line,
      text: notRunLine(deps.ids.next("batch_req_", 32), line.custom_id, reason),
    });
  }
  failed.sort((a, b) => a.line - b.line);

  const written: string[] = [];
  try {
    const outputFileId = output.length > 0
      ? await write(deps, job, "output", output, written)
      : null;
    const errorFileId = failed.length > 0
      ? await write(deps, job, "error", failed.map((f) => f.text), written)
      : null;
    return { ok: true, outputFileId, errorFileId };
  } catch (err) {
    for (const id of written) await deps.store.delete(id).catch(() => {});
    const message = err instanceof StorageFullError
      ? `The batch results (${err.requested} bytes) do not fit in the file storage ` +
        `(${err.used} of ${err.limit} bytes in use); raise FAKEAI_FILES_MAX_TOTAL_MB.`
      : `The batch results could not be stored: ${(err as Error).message}`;
    const code = err instanceof StorageFullError ? "storage_limit_exceeded" : "server_error";
    return { ok: false, error: { code, line: null, message, param: null } };
  }
}

async function write(
  deps: { store: FileStore; ids: IdGenerator; clock: Clock },
  job: ResultsJob,
  kind: "output" | "error",
  lines: string[],
  written: string[],
): Promise<string> {
  const created = Math.floor(deps.clock.wallNow() / 1000);
  const expiresAfter = job.params.outputExpiresAfterSeconds;
  const meta = await deps.store.put(deps.ids.next("file-", 22), {
    filename: `${job.record.id}_${kind}.jsonl`,
    purpose: "batch_output",
    created_at: created,
    expires_at: expiresAfter === null ? null : created + expiresAfter,
  }, new TextEncoder().encode(lines.join("\n") + "\n"));
  written.push(meta.id);
  return meta.id;
}
