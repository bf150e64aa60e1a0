/**
 * Log line text: byte for byte what JSON.stringify({ timestamp: toISOString, level, msg, ...fields })
 * gives.
 */
import assert from "node:assert/strict";
import { isoTimestamp, jsonLine } from "../../src/util/log_line.ts";

Deno.test("isoTimestamp is Date#toISOString, across seconds, days, years and the epoch", () => {
  const starts = [
    0,
    -1,
    951_782_399_000,
    1_700_000_000_000,
    4_102_444_799_990,
    -62_198_755_200_001,
  ];
  for (const start of starts) {
    for (let ms = start - 1003; ms < start + 1003; ms += 1) {
      assert.equal(isoTimestamp(ms), new Date(ms).toISOString(), String(ms));
    }
  }
  for (const ms of [1.5, 999.9, -1.5, -0.5, 1_700_000_000_123.75]) {
    assert.equal(isoTimestamp(ms), new Date(ms).toISOString(), String(ms));
  }
  assert.throws(() => isoTimestamp(NaN), RangeError);
});

Deno.test("jsonLine is JSON.stringify({ timestamp, level, msg, ...fields }) for any fields", () => {
  const timestamp = "2025-10-05T12:00:00.007Z";
  const cases: Record<string, unknown>[] = [
    {},
    { request_id: "req_1", method: "POST", path: "/v1/chat/completions", status: 200 },
    { a: undefined, b: 1, c: () => 1 },
    { only: undefined },
    { timestamp: "theirs", x: 1 },
    { level: "theirs", x: 1 },
    { y: 2, msg: "theirs" },
    { nested: { deep: [1, "two", null] }, text: 'quote " and \\ and é and \u0001' },
    JSON.parse('{"__proto__": {"x": 1}, "y": 2}'),
  ];
  const messages = ["request", "rate limit exceeded", 'a "quoted" \\ msg\n', ""];
  for (const fields of cases) {
    for (const msg of messages) {
      assert.equal(
        jsonLine(timestamp, "warn", msg, fields),
        JSON.stringify({ timestamp, level: "warn", msg, ...fields }),
      );
    }
  }
});
