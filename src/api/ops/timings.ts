/**
 * The timing ledger's endpoints (FAKEAI_TIMING_LEDGER; docs/timing.md):
 *   GET /v1/fakeai/timings?since=&limit=   JSON lines, one record per request, oldest first
 *   GET /v1/fakeai/timings/summary?window= TTFT, ITL, TPOT and lateness per model and endpoint
 *   GET /v1/fakeai/timings/{request_id}    one record (the newest with that id)
 * Under /v1, so API keys apply when configured. With --workers the owner isolate answers for the
 * whole server (every isolate's records, merged by arrival). Ledger off: 404 saying how to enable.
 */
import type { Context } from "hono";
import type { App, AppEnv } from "../../server/app_env.ts";
import { errors } from "../../server/errors.ts";
import type { TimingQuery } from "../../timing/timing_ledger.ts";
import { timingRecordJson } from "../../timing/timing_json.ts";
import { summarizeTimings } from "../../timing/timing_summary.ts";
import type { TimingRecordData } from "../../timing/timing_record.ts";
import type { ApiDeps } from "../deps.ts";
import { timeSlicer } from "../../util/cooperative.ts";
import { limitParam } from "./limit_param.ts";

/** Lines go out in chunks of about this many characters. */
const CHUNK_CHARS = 64 * 1024;

export const TIMINGS_PATH = "/v1/fakeai/timings";
export const NDJSON = "application/x-ndjson";
const MAX_LIMIT = 10_000_000;
const NUMBER = /^-?\d+(\.\d+)?$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function registerTimings(app: App, deps: ApiDeps): void {
  const read = (query: TimingQuery): Promise<TimingRecordData[]> => {
    const ledger = deps.timingLedger;
    if (!ledger) throw errors.timingLedgerDisabled();
    return deps.timings ? deps.timings(query) : Promise.resolve(ledger.select(query));
  };
  app.get(TIMINGS_PATH, async (c) => {
    const records = await read({ ...since(c), limit: limitParam(c.req.query("limit"), MAX_LIMIT) });
    return c.body(recordLines(records, c.req.raw.signal), 200, { "content-type": NDJSON });
  });
  // One route for both: Hono's fast RegExpRouter cannot hold a static segment ("summary") and a
  // parameter in the same place, and would hand every request to the slower TrieRouter.
  app.get(`${TIMINGS_PATH}/:request_id`, async (c) => {
    const id = c.req.param("request_id");
    if (id === "summary") return c.json(await summary(c));
    const records = await read({ id });
    const newest = records[records.length - 1];
    if (!newest) throw errors.timingRecordNotFound(id);
    return c.json(timingRecordJson(newest));
  });

  async function summary(c: Context<AppEnv>) {
    const windowSeconds = windowOf(c);
    const query = windowSeconds === null
      ? {}
      : { sinceMs: deps.engine.clock.now() - windowSeconds * 1000 };
    const records = await read(query);
    return {
      object: "fakeai.timings.summary",
      window_seconds: windowSeconds,
      requests: records.length,
      data: await summarizeTimings(records, timeSlicer(c.req.raw.signal)),
    };
  }
}

/** `since`: a clock ms (as records' arrived_ms) or an ISO 8601 time (as their arrived_at). */
function since(c: Context<AppEnv>): TimingQuery {
  const raw = c.req.query("since");
  if (raw === undefined) return {};
  const text = raw.trim();
  if (NUMBER.test(text)) return { sinceMs: Number(text) };
  const wall = ISO_TIME.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(wall)) {
    throw errors.invalidParam(
      "since",
      `Invalid 'since': expected a server clock time in ms (a record's arrived_ms) or an ISO 8601 time (e.g. 2025-10-05T12:00:00Z), got '${raw}'.`,
    );
  }
  return { sinceWall: wall };
}

function windowOf(c: Context<AppEnv>): number | null {
  const raw = c.req.query("window");
  if (raw === undefined) return null;
  const n = Number(raw);
  if (!NUMBER.test(raw.trim()) || !(n > 0)) {
    throw errors.invalidParam(
      "window",
      `Invalid 'window': expected a number of seconds greater than 0, got '${raw}'.`,
    );
  }
  return n;
}

/**
 * The records as JSON lines, serialized a slice at a time while the client reads (a full ledger
 * is 10,000 records of up to thousands of steps: never one string, never one long stretch).
 */
function recordLines(
  records: readonly TimingRecordData[],
  signal: AbortSignal,
): ReadableStream<Uint8Array> {
  async function* lines() {
    const slice = timeSlicer(signal);
    let text = "";
    for (const record of records) {
      text += JSON.stringify(timingRecordJson(record)) + "\n";
      if (text.length >= CHUNK_CHARS) {
        yield text;
        text = "";
      }
      await slice();
    }
    if (text !== "") yield text;
  }
  return ReadableStream.from(lines()).pipeThrough(new TextEncoderStream());
}
