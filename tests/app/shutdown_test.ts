/** Shutdown: abortAll() ends every open stream at once and frees what it held. */
import assert from "node:assert/strict";
import { BodyDeadlines } from "../../src/server/body.ts";
import { dataEvents, drainAvailable, testApp } from "../support/in_process.ts";
import { tick } from "../support/wait.ts";

const chat = {
  model: "gpt-4o",
  messages: [{ role: "user", content: "hello" }],
  stream: true,
  max_tokens: 1000,
  ignore_eos: true,
};

Deno.test("abortAll() ends open streams: readers see done, inFlight returns to 0", async () => {
  const t = testApp({ ttftMs: 10, ttftVariancePct: 0, itlMs: 10, itlVariancePct: 0 });
  const readers = [];
  for (let i = 0; i < 3; i++) {
    const res = await t.post("/v1/chat/completions", chat);
    assert.equal(res.status, 200);
    readers.push(res.body!.getReader());
  }
  t.clock.advance(50);
  for (const r of readers) assert.ok(dataEvents(await drainAvailable(r)).length > 0);
  assert.equal(t.lifecycle.inFlight, 3);
  assert.equal(t.engine.tokenClock.size, 3);

  t.lifecycle.beginDrain();
  t.lifecycle.abortAll();
  for (const r of readers) {
    await drainAvailable(r);
    assert.equal((await r.read()).done, true);
  }
  assert.equal(t.lifecycle.inFlight, 0);
  assert.equal(t.engine.tokenClock.size, 0);
  // The body-deadline sweep stops at its next round, finding no body pending.
  t.clock.advance(BodyDeadlines.SWEEP_MS);
  assert.equal(t.clock.pendingTimers, 0, "no timer left behind");
  await tick();
  const outcomes = t.logger.stdout.map((l) => JSON.parse(l).outcome);
  assert.deepEqual(outcomes, ["aborted", "aborted", "aborted"]);
});

for (
  const [mode, config] of [
    ["fixed", { responseDelay: 5, randomDelay: false }],
    ["engine", { latencyMode: "engine" as const, engineProfile: "small-h100" }],
  ] as const
) {
  Deno.test(`abortAll() also ends a non-streamed request that is still waiting (${mode} mode)`, async () => {
    const t = testApp(config);
    const body = { ...chat, stream: false, max_tokens: 500 };
    const pending = t.post("/v1/chat/completions", body);
    await tick();
    assert.equal(t.lifecycle.inFlight, 1);
    t.lifecycle.abortAll();
    const res = await pending;
    assert.equal(res.status, 503, await res.clone().text());
    assert.equal((await res.json()).error.code, "shutting_down");
    assert.equal(t.lifecycle.inFlight, 0);
  });
}

Deno.test("a stream opened after abortAll() closes at once", async () => {
  const t = testApp({ ttftMs: 10 });
  t.lifecycle.abortAll();
  const res = await t.post("/v1/chat/completions", chat);
  const reader = res.body!.getReader();
  assert.equal((await reader.read()).done, true);
  assert.equal(t.lifecycle.inFlight, 0);
  assert.equal(t.engine.tokenClock.size, 0);
});
