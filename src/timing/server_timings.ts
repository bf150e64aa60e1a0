/**
 * The ledger's records (JSON lines of GET /v1/fakeai/timings, timing_json.ts) as the server's side
 * of a comparison: when each step's bytes were handed to the socket, relative to arrival.
 */
import type { TimingRecordJson } from "./timing_json.ts";
import type { ServerTiming } from "./timing_compare.ts";

/** Parses the ledger's JSON lines; streamed records that sent a first step are kept. */
export function serverTimingsOf(text: string): ServerTiming[] {
  const out: ServerTiming[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let record: TimingRecordJson;
    try {
      record = JSON.parse(line);
    } catch {
      throw new Error(`ledger line ${i + 1}: not JSON`);
    }
    if (typeof record.request_id !== "string" || !Array.isArray(record.sent_ms)) {
      throw new Error(`ledger line ${i + 1}: not a timing record (request_id, sent_ms)`);
    }
    const sent = record.sent_ms.filter((t): t is number => t !== null);
    if (!record.stream || sent.length === 0) return;
    out.push({
      requestId: record.request_id,
      arrivedMs: Date.parse(record.arrived_at),
      ttftMs: sent[0],
      gapsMs: sent.slice(1).map((t, k) => t - sent[k]),
    });
  });
  return out;
}
