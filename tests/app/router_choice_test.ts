/**
 * Every route pattern must suit Hono's RegExpRouter: one pattern it cannot hold (a static segment
 * and a parameter in the same place, say) makes the SmartRouter fall back to the TrieRouter for
 * every request, which cost about 20 µs of CPU per chat completion when it happened.
 */
import assert from "node:assert/strict";
import { testApp } from "../support/in_process.ts";

Deno.test("router: the app's routes keep Hono on its RegExpRouter", () => {
  for (const overrides of [{}, { timingLedger: true, requireApiKey: false }]) {
    const { app } = testApp(overrides);
    app.router.match("POST", "/v1/chat/completions"); // the SmartRouter picks on first use
    const chosen = (app.router as unknown as { activeRouter: { name: string } }).activeRouter;
    assert.equal(chosen.name, "RegExpRouter");
  }
});
