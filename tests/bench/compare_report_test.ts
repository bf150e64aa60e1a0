/** The nonstream/stream report from made-up load_client results: its JSON fields, ratios and
 * lines. */
import assert from "node:assert/strict";
import { compareReport, streamed, versus } from "./compare_report.ts";
import type { Result } from "./common.ts";

const run = (perSec: number, cpuUsPerRequest: number, extra: Result = {}): Result => ({
  requests: perSec * 2,
  perSec,
  tokens: perSec * 2 * 16,
  tokensPerSec: perSec * 16,
  serverCpuUsPerRequest: cpuUsPerRequest,
  serverCpuUsPerToken: cpuUsPerRequest / 16,
  errors: 0,
  ...extra,
});

const PEER = { name: "aimock", pkg: "@copilotkit/aimock", version: "1.0.0", answers: "text" };

Deno.test("compare report: keeps the fields other tooling reads, adds servers and peers", () => {
  const runs = {
    baseline: [run(4000, 100), run(5000, 90)],
    fakeai: [run(2000, 400), run(2500, 300)],
    aimock: [run(1000, 900), run(1250, 600)],
  };
  const { fields, lines, rows } = compareReport("nonstream", 16, runs, [PEER]);
  assert.equal(fields.ratio, 0.5);
  assert.equal(fields.serverCpuPerRequestRatio, 300 / 90);
  assert.deepEqual(fields.runs, { baseline: runs.baseline, fakeai: runs.fakeai });
  assert.deepEqual(Object.keys(fields.servers), ["baseline", "fakeai", "aimock"]);
  assert.deepEqual(fields.servers.aimock, {
    rate: 1250,
    rateVsBaseline: 0.25,
    cpuUs: 600,
    cpuVsBaseline: 600 / 90,
  });
  assert.deepEqual(fields.peers, {
    aimock: {
      package: "@copilotkit/aimock@1.0.0",
      answers: "text",
      runs: runs.aimock,
      fakeaiRateRatio: 2,
      fakeaiCpuLess: 2,
    },
  });
  assert.deepEqual(lines, ["FakeAI vs aimock: 2× the req/s, 2× less CPU per request"]);
  assert.deepEqual(rows.map((r) => r[0]), ["baseline", "fakeai", "aimock"]);
});

Deno.test("compare report: a skipped peer has no row and no fields", () => {
  const runs = { baseline: [run(5000, 90)], fakeai: [run(2500, 300)] };
  const { fields, lines, rows } = compareReport("nonstream", 16, runs, [PEER]);
  assert.deepEqual(fields.peers, {});
  assert.deepEqual(lines, []);
  assert.equal(rows.length, 2);
});

Deno.test("compare report: streams compare tokens/s and CPU per token, and check the chunks", () => {
  const runs = {
    baseline: [run(5000, 80)],
    fakeai: [run(2500, 320)],
    aimock: [run(500, 160, { incomplete: 0 })],
  };
  const { fields, lines } = compareReport("stream", 16, runs, [PEER]);
  assert.equal(fields.servers.fakeai.cpuUs, 20);
  assert.deepEqual(lines, [
    "aimock streamed 16 content chunks and [DONE] in every stream, as asked",
    "FakeAI vs aimock: 5× the tok/s, 2× more CPU per token",
  ]);
  const peer = fields.peers.aimock as Record<string, unknown>;
  assert.equal(peer.chunksPerStream, 16);
  assert.equal(peer.streamedAsAsked, true);
});

Deno.test("compare report: a peer that streams a short canned reply is called out", () => {
  const short = [run(1000, 100, { tokens: 2000 * 7, incomplete: 2100 })];
  const s = streamed("mock-llm", short, 64);
  assert.equal(s.asAsked, false);
  assert.equal(s.chunksPerStream, 7);
  assert.equal(
    s.line,
    "mock-llm: 2,100 streams lacked 64 content chunks or [DONE] (7 chunks per measured " +
      "stream); its tok/s counts only what it sent",
  );
});

Deno.test("compare report: FakeAI against a peer in both directions", () => {
  const s = (rate: number, cpuUs: number) => ({ rate, cpuUs, rateVsBaseline: 1, cpuVsBaseline: 1 });
  assert.equal(
    versus("nonstream", "x", s(300, 100), s(100, 250)).line,
    "FakeAI vs x: 3× the req/s, 2.5× less CPU per request",
  );
  assert.equal(
    versus("stream", "x", s(100, 4), s(200, 2)).line,
    "FakeAI vs x: 0.5× the tok/s, 2× more CPU per token",
  );
});
