/** Sliced work lets timers and I/O run between slices and stops when its client has gone. */
import assert from "node:assert/strict";
import { timeSlicer } from "../../src/util/cooperative.ts";

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) { /* work */ }
}

Deno.test("cooperative: sockets are served while long sliced work runs", async () => {
  const server = Deno.serve({ port: 0, onListen() {} }, () => new Response("ok"));
  try {
    let answered = false;
    const request = fetch(`http://127.0.0.1:${server.addr.port}/`)
      .then((res) => res.text())
      .then(() => (answered = true));
    const slice = timeSlicer();
    let answeredDuringWork = false;
    // About a second of CPU work in units far shorter than a slice.
    for (let i = 0; i < 1_000; i++) {
      await slice();
      if (answered) {
        answeredDuringWork = true;
        break;
      }
      busy(1);
    }
    await request;
    assert.ok(answeredDuringWork, "the request was only served after all the work");
  } finally {
    await server.shutdown();
  }
});

Deno.test("cooperative: an aborted signal stops the work at its next slice", async () => {
  const controller = new AbortController();
  const slice = timeSlicer(controller.signal);
  await slice();
  controller.abort(new Error("client left"));
  await assert.rejects(slice(), /client left/);
});
