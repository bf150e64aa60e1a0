/** BodyDeadlines: reads that finish leave the list from anywhere in it; the sweep expires only reads past due. */
import assert from "node:assert/strict";
import { BodyDeadlines } from "../../src/server/body.ts";
import { ApiError } from "../../src/server/errors.ts";
import { ManualClock } from "../../src/util/clock.ts";
import { tick } from "../support/wait.ts";

interface Read {
  finish(value: string): void;
  cancelled: boolean;
  outcome: Promise<string>;
}

function startRead(deadlines: BodyDeadlines): Read {
  let finish!: (value: string) => void;
  const read: Read = {
    finish: (value) => finish(value),
    cancelled: false,
    outcome: Promise.resolve(""),
  };
  read.outcome = deadlines.race(new Promise<string>((r) => finish = r), () => {
    read.cancelled = true;
  }).catch((err) => err instanceof ApiError ? `error ${err.status}` : `other ${err}`);
  return read;
}

Deno.test("finished reads leave from the head, the middle and the tail; only reads past due expire", async () => {
  const clock = new ManualClock();
  const deadlines = new BodyDeadlines(2, clock);
  const first = startRead(deadlines); // due at 2,000
  clock.advance(500);
  const middle = startRead(deadlines); // due at 2,500
  const slow = startRead(deadlines); // due at 2,500
  clock.advance(1_000);
  const last = startRead(deadlines); // due at 3,500
  const late = startRead(deadlines); // due at 3,500

  first.finish("a");
  middle.finish("b");
  late.finish("c");
  assert.equal(await first.outcome, "a");
  assert.equal(await middle.outcome, "b");
  assert.equal(await late.outcome, "c");

  clock.advance(500); // 2,000: the sweep finds nothing due
  await tick();
  assert.equal(slow.cancelled, false);
  clock.advance(1_000); // 3,000: `slow` (2,500) is past due, `last` (3,500) is not
  assert.equal(await slow.outcome, "error 408");
  assert.equal(slow.cancelled, true);
  assert.equal(last.cancelled, false);

  last.finish("d"); // the only one left: the list is empty again
  assert.equal(await last.outcome, "d");
  clock.advance(BodyDeadlines.SWEEP_MS);
  assert.equal(clock.pendingTimers, 0, "the sweep stops once nothing is pending");

  // A read started after the list emptied is watched again.
  const again = startRead(deadlines);
  clock.advance(2_000);
  assert.equal(await again.outcome, "error 408");
  assert.equal(again.cancelled, true);
});

Deno.test("a read that fails after its deadline passed changes nothing: the 408 stands", async () => {
  const clock = new ManualClock();
  const deadlines = new BodyDeadlines(1, clock);
  let fail!: (err: Error) => void;
  const outcome = deadlines.race(new Promise<string>((_, r) => fail = r), () => {})
    .catch((err) => err instanceof ApiError ? err.status : -1);
  clock.advance(BodyDeadlines.SWEEP_MS);
  fail(new Error("connection reset"));
  assert.equal(await outcome, 408);
  clock.advance(BodyDeadlines.SWEEP_MS);
  assert.equal(clock.pendingTimers, 0);
});
