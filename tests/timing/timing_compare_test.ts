import assert from "node:assert/strict";
import type { ClientTimings } from "../../src/timing/client_timings.ts";
import {
  compareTimings,
  distribution,
  formatComparison,
  type ServerTiming,
} from "../../src/timing/timing_compare.ts";

const server: ServerTiming[] = [
  { requestId: "a", arrivedMs: 1000, ttftMs: 50, gapsMs: [20, 20] },
  { requestId: "b", arrivedMs: 2000, ttftMs: 60, gapsMs: [20, 20] },
  { requestId: "c", arrivedMs: 3000, ttftMs: 70, gapsMs: [20] },
];

Deno.test("timings compare: pairs by request id; offsets are client minus server", () => {
  const client: ClientTimings = {
    format: "jsonl",
    skipped: 2,
    records: [
      { requestId: "a", ttftMs: 52, gapsMs: [21, 19] },
      { requestId: "b", ttftMs: 64, gapsMs: [22, 20] },
      { requestId: "c", ttftMs: 71, gapsMs: [10, 10] }, // counts chunks differently
      { requestId: "gone", ttftMs: 1, gapsMs: [] },
    ],
  };
  const report = compareTimings(client, server);
  assert.equal(report.pairedBy, "request_id");
  assert.equal(report.paired, 3);
  assert.equal(report.unmatched, 1);
  assert.equal(report.skipped, 2);
  assert.equal(report.itlMismatched, 1);
  const [ttft, itl, last] = report.metrics;
  assert.equal(ttft.metric, "ttft_ms");
  assert.equal(ttft.offset.count, 3);
  assert.equal(ttft.offset.mean, (2 + 4 + 1) / 3);
  assert.equal(ttft.offset.min, 1);
  assert.equal(ttft.offset.max, 4);
  assert.equal(ttft.server.p50, 60);
  assert.equal(itl.offset.count, 4);
  assert.deepEqual([itl.offset.min, itl.offset.max], [-1, 2]);
  assert.equal(last.metric, "last_token_ms");
  assert.deepEqual([last.offset.min, last.offset.max], [1, 6]);
  const text = formatComparison(report);
  assert.match(
    text,
    /^3 requests paired by request id \(jsonl export\); 1 client requests not in the ledger/,
  );
  assert.match(text, /TTFT \(ms\)\s+3\s+64\.00\s+60\.00/);
  assert.match(text, /1 with a different number of gaps/);
});

Deno.test("timings compare: without ids, each start takes the nearest unused arrival", () => {
  const client: ClientTimings = {
    format: "genai-perf",
    skipped: 0,
    records: [
      { startMs: 2000.4, ttftMs: 61, gapsMs: [20, 20] },
      { startMs: 999.8, ttftMs: 51, gapsMs: [20, 20] },
      { startMs: 9000, ttftMs: 1, gapsMs: [] }, // nothing near it
    ],
  };
  const report = compareTimings(client, server);
  assert.equal(report.pairedBy, "start_time");
  assert.equal(report.paired, 2);
  assert.equal(report.unmatched, 1);
  assert.deepEqual(report.metrics[0].offset.min, 1);
  assert.deepEqual(report.metrics[0].offset.max, 1);
});

Deno.test("timings compare: percentiles are nearest-rank, as the ledger's summary's", () => {
  const d = distribution([4, 1, 3, 2]);
  assert.deepEqual(
    [d.count, d.mean, d.p50, d.min, d.max],
    [4, 2.5, 2, 1, 4],
  );
  assert.equal(d.p90, 4);
  assert.ok(Number.isNaN(distribution([]).mean));
});
