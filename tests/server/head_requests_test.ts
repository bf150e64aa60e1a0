/** HEAD requests on GET routes: the headers of the GET answer, and no body left running. */
import assert from "node:assert/strict";
import { testApp } from "../support/in_process.ts";
import { tick } from "../support/wait.ts";

Deno.test("HEAD /kv-cache/events answers the SSE headers and leaves no subscriber behind", async () => {
  // The request fuzzer's HEAD cases (tests/reliability) showed the stream was started and then
  // dropped unread: each HEAD kept a KV-event subscriber queueing up to 10,000 events.
  const t = testApp({ ttftMs: 0, itlMs: 0 });
  const kv = t.engine.kv;
  const subscribe = kv.onEvent.bind(kv);
  let live = 0;
  kv.onEvent = (listener) => {
    live++;
    const unsubscribe = subscribe(listener);
    return () => {
      live--;
      return unsubscribe();
    };
  };
  for (let i = 0; i < 3; i++) {
    const res = await t.app.request("/kv-cache/events", { method: "HEAD" });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
    assert.equal(res.body, null);
  }
  await tick();
  assert.equal(live, 0, "HEAD requests hold no KV-event subscriber");
  const get = await t.app.request("/kv-cache/events");
  assert.equal(live, 1, "a GET still streams");
  await get.body?.cancel();
  assert.equal(live, 0);
});

Deno.test("HEAD on a JSON route: the GET status and headers, no body", async () => {
  const t = testApp({ ttftMs: 0, itlMs: 0 });
  const res = await t.app.request("/v1/models", { method: "HEAD" });
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  assert.equal(await res.text(), "");
});
