/**
 * The timing ledger (FAKEAI_TIMING_LEDGER): a ring of the last `maxRequests` timed requests of
 * this isolate, oldest first. One wall-clock anchor (taken when the ledger starts) turns the
 * monotonic arrival times into wall-clock ones. Reading selects records by arrival and id.
 */
import type { Clock } from "../util/clock.ts";
import { TimingRecord, type TimingRecordData, type TimingStart } from "./timing_record.ts";

/** Which records to read: by id, or those that arrived since a time, at most `limit`. */
export interface TimingQuery {
  /** Only the record(s) of this request id. */
  id?: string;
  /** Arrived at or after this clock ms (monotonic, as `arrived_ms`). */
  sinceMs?: number;
  /** Arrived at or after this wall-clock ms (Unix epoch). */
  sinceWall?: number;
  /** The oldest `limit` records of the selection. */
  limit?: number;
}

export interface TimingLedgerDeps {
  clock: Clock;
  maxRequests: number;
  /** This isolate's number (0: the main thread or a single-isolate server). */
  worker?: number;
}

export class TimingLedger {
  readonly maxRequests: number;
  readonly worker: number;
  /** The anchor: one clock reading and the wall-clock time it corresponds to. */
  readonly anchorMs: number;
  readonly anchorWall: number;
  readonly #ring: Array<TimingRecord | undefined>;
  /** Next slot to write; records total ever begun. */
  #next = 0;
  #total = 0;

  constructor(deps: TimingLedgerDeps) {
    this.maxRequests = deps.maxRequests;
    this.worker = deps.worker ?? 0;
    this.anchorMs = deps.clock.now();
    this.anchorWall = deps.clock.wallNow();
    this.#ring = new Array(deps.maxRequests);
  }

  /** Starts timing a request; the ring forgets its oldest record when full. */
  begin(start: TimingStart): TimingRecord {
    const wall = this.anchorWall + (start.arrivedMs - this.anchorMs);
    const record = new TimingRecord(start, this.worker, wall);
    this.#ring[this.#next] = record;
    this.#next = (this.#next + 1) % this.maxRequests;
    this.#total++;
    return record;
  }

  /** Records kept (at most maxRequests). */
  get size(): number {
    return Math.min(this.#total, this.maxRequests);
  }

  /** Kept records in the order they began (arrival order), oldest first. */
  *records(): IterableIterator<TimingRecord> {
    const size = this.size;
    const first = this.#total > this.maxRequests ? this.#next : 0;
    for (let i = 0; i < size; i++) yield this.#ring[(first + i) % this.maxRequests]!;
  }

  /** The records a query selects, oldest first (by arrival). */
  select(query: TimingQuery): TimingRecordData[] {
    return selectRecords(this.records(), query);
  }
}

/** Applies a query to records in arrival order (also merges several isolates' answers). */
export function selectRecords(
  records: Iterable<TimingRecordData>,
  query: TimingQuery,
): TimingRecordData[] {
  const { id, sinceMs, sinceWall, limit } = query;
  const out: TimingRecordData[] = [];
  for (const r of records) {
    if (id !== undefined && r.requestId !== id) continue;
    if (sinceMs !== undefined && r.arrivedMs < sinceMs) continue;
    if (sinceWall !== undefined && r.arrivedWall < sinceWall) continue;
    out.push(r);
    if (limit !== undefined && out.length >= limit) break;
  }
  return out;
}

/**
 * Several isolates' selections (each already filtered and limited) as one answer: merged by
 * arrival, then the query's limit. Each isolate keeps its own last `maxRequests`.
 */
export function mergeSelections(
  parts: ReadonlyArray<readonly TimingRecordData[]>,
  query: TimingQuery,
): TimingRecordData[] {
  const all = parts.flat().sort((a, b) => a.arrivedMs - b.arrivedMs);
  return query.limit !== undefined ? all.slice(0, query.limit) : all;
}
