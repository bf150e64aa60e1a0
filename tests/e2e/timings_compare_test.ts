/**
 * `fakeai timings compare` end to end: 64 concurrent streams from a client that measures its own
 * TTFT and inter-token gaps and sends its X-Request-ID, written as JSON Lines, compared with the
 * real server's ledger. The offsets (what this client adds) are printed, not asserted: timing
 * agreement is the benchmark's to judge.
 */
import assert from "node:assert/strict";
import { runCli, startFakeAI } from "../support/fakeai_process.ts";
import { withTempDir } from "../support/temp_dir.ts";

const STREAMS = 64;
const TOKENS = 16;

/** One stream: the times (ms since the request was sent) of each content event. */
async function measure(url: string, requestId: string): Promise<number[]> {
  const sentAt = performance.now();
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-request-id": requestId },
    body: JSON.stringify({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Tell me a story." }],
      max_tokens: TOKENS,
      ignore_eos: true,
      stream: true,
    }),
  });
  assert.equal(res.status, 200);
  const times: number[] = [];
  let buffered = "";
  for await (const text of res.body!.pipeThrough(new TextDecoderStream())) {
    const now = performance.now() - sentAt;
    buffered += text;
    const events = buffered.split("\n\n");
    buffered = events.pop()!;
    for (const event of events) {
      if (event.includes('"content":"') && !event.includes('"content":""')) times.push(now);
    }
  }
  return times;
}

Deno.test("e2e: timings compare pairs 64 client streams with the ledger by X-Request-ID", async () => {
  const server = await startFakeAI({
    args: ["--timing-ledger", "--response-delay", "0", "--ttft", "30:0", "--itl", "10:0"],
  });
  try {
    // Warm-up: the model's encoding is built on first use, and 64 connections are opened (and
    // kept alive) before the measured round, so TTFT does not include connection set-up.
    await measure(server.url, "warm-up");
    await Promise.all(Array.from({ length: STREAMS }, (_, i) => measure(server.url, `warm-${i}`)));
    const ids = Array.from({ length: STREAMS }, (_, i) => `compare-${i}`);
    const measured = await Promise.all(ids.map((id) => measure(server.url, id)));
    const lines = measured.map((times, i) => {
      assert.equal(times.length, TOKENS);
      return JSON.stringify({
        request_id: ids[i],
        ttft_ms: times[0],
        itl_ms: times.slice(1).map((t, k) => t - times[k]),
      });
    });
    await withTempDir({ "client.jsonl": lines.join("\n") + "\n" }, async (dir) => {
      const run = await runCli([
        "timings",
        "compare",
        `${dir}/client.jsonl`,
        "--url",
        server.url,
        "--format",
        "json",
      ]);
      assert.equal(run.code, 0, run.stderr);
      const report = JSON.parse(run.stdout);
      assert.equal(report.pairedBy, "request_id");
      assert.equal(report.paired, STREAMS);
      assert.equal(report.unmatched, 0); // the warm-ups are in the ledger, not in the client file
      assert.equal(report.itlMismatched, 0);
      const byName = Object.fromEntries(
        report.metrics.map((m: { metric: string }) => [m.metric, m]),
      );
      assert.equal(byName.ttft_ms.offset.count, STREAMS);
      assert.equal(byName.itl_ms.offset.count, STREAMS * (TOKENS - 1));
      for (const m of report.metrics) {
        assert.ok(Number.isFinite(m.offset.mean) && Number.isFinite(m.offset.stdev), m.metric);
        console.log(
          `${m.metric}: client p50 ${m.client.p50.toFixed(2)} vs server p50 ${
            m.server.p50.toFixed(2)
          } ms; offset mean ${m.offset.mean.toFixed(2)}, p99 ${m.offset.p99.toFixed(2)}, sd ${
            m.offset.stdev.toFixed(2)
          } ms`,
        );
      }
    });
  } finally {
    assert.equal(await server.stop(), 0);
  }
});
