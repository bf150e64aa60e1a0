import assert from "node:assert/strict";
import { parseClientTimings } from "../../src/timing/client_timings.ts";

Deno.test("client timings: FakeAI JSON Lines, records without ttft skipped", () => {
  const parsed = parseClientTimings(
    [
      '{"request_id":"req_a","ttft_ms":51.5,"itl_ms":[20,21.5],"start_ms":1700000000000}',
      "",
      '{"request_id":"req_b","ttft_ms":null}',
    ].join("\n"),
  );
  assert.equal(parsed.format, "jsonl");
  assert.equal(parsed.skipped, 1);
  assert.deepEqual(parsed.records, [
    { requestId: "req_a", ttftMs: 51.5, gapsMs: [20, 21.5], startMs: 1700000000000 },
  ]);
});

Deno.test("client timings: AIPerf profile_export.jsonl, units converted, errors skipped", () => {
  const ok = {
    metadata: {
      x_request_id: "7609a2e7",
      request_start_ns: 1759813207532900363,
      was_cancelled: false,
    },
    metrics: {
      time_to_first_token: { value: 0.255, unit: "s" },
      inter_chunk_latency: { value: [4898437, 5316006], unit: "ns" },
    },
    error: null,
  };
  const failed = {
    metadata: { x_request_id: "c35e" },
    metrics: { error_isl: { value: 1 } },
    error: { code: 499 },
  };
  const parsed = parseClientTimings([JSON.stringify(ok), JSON.stringify(failed)].join("\n"));
  assert.equal(parsed.format, "aiperf");
  assert.equal(parsed.skipped, 1);
  assert.equal(parsed.records.length, 1);
  const [r] = parsed.records;
  assert.equal(r.requestId, "7609a2e7");
  assert.equal(r.ttftMs, 255);
  assert.deepEqual(r.gapsMs.map((g) => Math.round(g * 1e6) / 1e6), [4.898437, 5.316006]);
  assert.equal(Math.round(r.startMs!), 1759813207533);
});

Deno.test("client timings: genai-perf profile_export.json from its timestamps", () => {
  const parsed = parseClientTimings(JSON.stringify({
    experiments: [{
      experiment: { mode: "concurrency", value: 1 },
      requests: [
        {
          timestamp: 1_000_000_000,
          response_timestamps: [1_050_000_000, 1_070_000_000, 1_095_000_000],
        },
        { timestamp: 2_000_000_000, response_timestamps: [] },
      ],
    }],
  }));
  assert.equal(parsed.format, "genai-perf");
  assert.equal(parsed.skipped, 1);
  assert.deepEqual(parsed.records, [{ startMs: 1000, ttftMs: 50, gapsMs: [20, 25] }]);
});

Deno.test("client timings: a bad file names the line and field", () => {
  assert.throws(() => parseClientTimings(""), /empty/);
  assert.throws(
    () => parseClientTimings('{"request_id":"a","ttft_ms":1}\nnot json'),
    /line 2: not a JSON object/,
  );
  assert.throws(
    () => parseClientTimings('{"request_id":"a","ttft_ms":"x"}'),
    /line 1: ttft_ms: expected a number/,
  );
  assert.throws(() => parseClientTimings('{"ttft_ms":1}'), /line 1: request_id: expected a string/);
  assert.throws(
    () => parseClientTimings('{"request_id":"a","ttft_ms":1,"itl_ms":[1,"2"]}'),
    /line 1: itl_ms\[1\]: expected a number/,
  );
  assert.throws(
    () =>
      parseClientTimings(
        '{"metadata":{},"metrics":{"time_to_first_token":{"value":1,"unit":"h"}}}',
      ),
    /unit: expected one of/,
  );
  assert.throws(
    () => parseClientTimings('{"experiments":[{"requests":{}}]}'),
    /experiments\[0\].requests: expected an array/,
  );
});
