/**
 * MessageEventWriter renders each step when it is sent, not the whole stream up front: a long
 * stream used to build every frame at its start (holding the event loop, and the text for the
 * stream's life). The events of each step are exactly those that
 * tests/fixtures/anthropic/message_steps.json records, written by the up-front renderer before the
 * change.
 */
import assert from "node:assert/strict";
import { MESSAGE_STEP_CASES, messageSteps } from "../../support/message_step_cases.ts";

const GOLDEN: Record<string, string[]> = JSON.parse(
  Deno.readTextFileSync(new URL("../../fixtures/anthropic/message_steps.json", import.meta.url)),
);

for (const [name, body] of Object.entries(MESSAGE_STEP_CASES)) {
  Deno.test(`messages stream steps: ${name}`, () => {
    assert.deepEqual(messageSteps(body), GOLDEN[name]);
  });
}

Deno.test("messages stream steps: every case has its recorded steps", () => {
  assert.deepEqual(Object.keys(GOLDEN).sort(), Object.keys(MESSAGE_STEP_CASES).sort());
});
