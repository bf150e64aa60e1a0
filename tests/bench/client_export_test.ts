import assert from "node:assert/strict";
import { parseClientTimings } from "../../src/timing/client_timings.ts";
import { timingLine, timingLines } from "./client_export.ts";

Deno.test("client export: ttft from the send, gaps between content events, in µs-rounded ms", () => {
  const line = timingLine({ requestId: "agree-1", t0: 1000, times: [1050.00041, 1070.1, 1090] });
  assert.deepEqual(JSON.parse(line), {
    request_id: "agree-1",
    ttft_ms: 50,
    itl_ms: [20.1, 19.9],
  });
});

Deno.test("client export: failed and empty streams have no timings", () => {
  for (const s of [{ requestId: "a", times: [] }, { requestId: "b", t0: 5, times: [] }]) {
    assert.deepEqual(JSON.parse(timingLine(s)), {
      request_id: s.requestId,
      ttft_ms: null,
      itl_ms: [],
    });
  }
});

Deno.test("client export: parseClientTimings reads it back, failed streams skipped", () => {
  const text = timingLines([
    { requestId: "p-0", t0: 0, times: [50, 70] },
    { requestId: "p-1", times: [] },
  ]);
  assert.ok(text.endsWith("\n"));
  const parsed = parseClientTimings(text);
  assert.equal(parsed.format, "jsonl");
  assert.equal(parsed.skipped, 1);
  assert.deepEqual(parsed.records, [{ requestId: "p-0", ttftMs: 50, gapsMs: [20] }]);
});
