/**
 * The timing ledger against the real CLI: a stream read by the official openai SDK, then its
 * record fetched by the x-request-id the SDK saw; with --workers, the owner answers for every
 * isolate (and, in engine mode, under the client's own request id).
 */
import assert from "node:assert/strict";
import type OpenAI from "openai";
import { startFakeAI } from "../support/fakeai_process.ts";
import { withOpenAI } from "../support/sdk_client.ts";

const LEDGER_ARGS = ["--timing-ledger", "--response-delay", "0", "--ttft", "20:0", "--itl", "5:0"];

const increasing = (xs: number[]) => xs.every((x, i) => i === 0 || x >= xs[i - 1]);

Deno.test("e2e: a streamed SDK request's record: every token, monotone times, end done", async () => {
  await withOpenAI(async (client, server) => {
    const { data: stream, response } = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Count to twenty." }],
      max_tokens: 24,
      stream: true,
      ignore_eos: true,
    } as OpenAI.ChatCompletionCreateParamsStreaming).withResponse();
    let contentChunks = 0;
    for await (const chunk of stream) if (chunk.choices[0]?.delta?.content) contentChunks++;
    const id = response.headers.get("x-request-id")!;
    const res = await fetch(`${server.url}/v1/fakeai/timings/${id}`);
    assert.equal(res.status, 200);
    const r = await res.json();
    assert.equal(r.request_id, id);
    assert.equal(r.end, "done");
    assert.equal(r.steps, 24);
    assert.equal(r.steps_sent, contentChunks);
    assert.ok(r.sent_ms.every((t: number | null) => typeof t === "number"));
    assert.ok(increasing(r.due_ms) && increasing(r.sent_ms), "monotone");
    assert.equal(r.due_ms[0], 20);
    assert.ok(r.sent_ms[0] >= 19.5, "never before its due time (half a ms tolerance)");
    const summary = await (await fetch(`${server.url}/v1/fakeai/timings/summary`)).json();
    assert.equal(summary.data[0].itl_ms.count, 23);
  }, { args: LEDGER_ARGS });
});

Deno.test("e2e: --workers 2 — the timings routes answer for every isolate", async () => {
  for (const mode of ["fixed", "engine"]) {
    const server = await startFakeAI({
      args: [...LEDGER_ARGS, "--workers", "2", "--latency-mode", mode],
    });
    try {
      const ids = Array.from({ length: 8 }, (_, i) => `${mode}-${i}`);
      await Promise.all(ids.map(async (id) => {
        const res = await fetch(`${server.url}/v1/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-request-id": id },
          body: JSON.stringify({
            model: "gpt-4o",
            messages: [{ role: "user", content: "hi" }],
            max_tokens: 4,
            ignore_eos: true,
            stream: true,
          }),
        });
        assert.equal(res.headers.get("x-request-id"), id);
        await res.text();
      }));
      const text = await (await fetch(`${server.url}/v1/fakeai/timings`)).text();
      const records = text.trim().split("\n").map((l) => JSON.parse(l));
      assert.deepEqual(records.map((r) => r.request_id).sort(), [...ids].sort(), mode);
      assert.ok(increasing(records.map((r) => r.arrived_ms)), "merged by arrival");
      assert.ok(records.every((r) => r.end === "done" && r.steps_sent === 4), mode);
      for (const id of ids) {
        const one = await fetch(`${server.url}/v1/fakeai/timings/${id}`);
        assert.equal(one.status, 200, id);
        assert.equal((await one.json()).request_id, id);
      }
    } finally {
      assert.equal(await server.stop(), 0);
    }
  }
});
