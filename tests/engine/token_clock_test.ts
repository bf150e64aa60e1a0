/** The shared token clock: one timer for every stream, due order, rescheduling, cancellation. */
import assert from "node:assert/strict";
import { type Ticker, TokenClock } from "../../src/engine/token_clock.ts";
import { ManualClock } from "../../src/util/clock.ts";
import { createPrng } from "../../src/util/prng.ts";

function setup() {
  const clock = new ManualClock();
  return { clock, tc: new TokenClock(clock) };
}

/** A ticker that records (label, now) and finishes after one call. */
function once(log: Array<[string, number]>, label: string): Ticker {
  return {
    onDue(now) {
      log.push([label, now]);
      return undefined;
    },
  };
}

Deno.test("many tickers with different due times fire in due order, each at its due time", () => {
  const { clock, tc } = setup();
  const prng = createPrng(7);
  const dues = Array.from({ length: 200 }, () => 1 + prng.int(5000));
  const log: Array<[string, number]> = [];
  dues.forEach((due, i) => tc.schedule(due, once(log, `${i}`)));
  assert.equal(tc.size, 200);
  clock.advance(6000);
  assert.equal(log.length, 200);
  const expected = dues.map((due, i) => ({ due, i })).sort((a, b) => a.due - b.due || a.i - b.i);
  assert.deepEqual(log.map(([label]) => Number(label)), expected.map((e) => e.i));
  for (const [label, now] of log) assert.equal(now, dues[Number(label)], `ticker ${label}`);
  assert.equal(tc.size, 0);
  assert.equal(clock.pendingTimers, 0);
});

Deno.test("tickers with equal due times fire in scheduling order", () => {
  const { clock, tc } = setup();
  const log: Array<[string, number]> = [];
  for (const label of ["a", "b", "c", "d"]) tc.schedule(10, once(log, label));
  clock.advance(10);
  assert.deepEqual(log, [["a", 10], ["b", 10], ["c", 10], ["d", 10]]);
});

Deno.test("a ticker returning a next due time is rescheduled; undefined removes it", () => {
  const { clock, tc } = setup();
  const times: number[] = [];
  tc.schedule(10, {
    onDue(now) {
      times.push(now);
      return times.length < 4 ? now + 25 : undefined;
    },
  });
  assert.equal(tc.size, 1);
  clock.advance(10);
  assert.deepEqual(times, [10]);
  assert.equal(tc.size, 1, "still scheduled after returning a next due time");
  clock.advance(24);
  assert.deepEqual(times, [10]);
  clock.advance(1);
  assert.deepEqual(times, [10, 35]);
  clock.advance(1000);
  assert.deepEqual(times, [10, 35, 60, 85]);
  assert.equal(tc.size, 0, "removed after returning undefined");
  assert.equal(clock.pendingTimers, 0);
});

Deno.test("cancel() before due prevents firing and frees everything", () => {
  const { clock, tc } = setup();
  const log: Array<[string, number]> = [];
  const handle = tc.schedule(100, once(log, "x"));
  assert.equal(tc.size, 1);
  assert.equal(clock.pendingTimers, 1);
  handle.cancel();
  assert.equal(tc.size, 0);
  assert.equal(clock.pendingTimers, 0, "no timer left armed for a cancelled stream");
  handle.cancel(); // idempotent
  assert.equal(tc.size, 0);
  clock.advance(1000);
  assert.deepEqual(log, []);
});

Deno.test("cancelling one of several streams leaves the others firing", () => {
  const { clock, tc } = setup();
  const log: Array<[string, number]> = [];
  const a = tc.schedule(10, once(log, "a"));
  tc.schedule(20, once(log, "b"));
  const c = tc.schedule(30, once(log, "c"));
  a.cancel();
  c.cancel();
  assert.equal(tc.size, 1);
  clock.advance(100);
  assert.deepEqual(log, [["b", 20]]);
  assert.equal(tc.size, 0);
  assert.equal(clock.pendingTimers, 0);
});

Deno.test("only one pending timer no matter how many streams are scheduled", () => {
  const { clock, tc } = setup();
  const prng = createPrng(3);
  for (let i = 0; i < 1000; i++) {
    tc.schedule(1 + prng.int(100), { onDue: (now) => (now < 500 ? now + 7 : undefined) });
    assert.equal(clock.pendingTimers, 1);
  }
  assert.equal(tc.size, 1000);
  for (let t = 0; t < 600; t += 13) {
    clock.advance(13);
    assert.ok(clock.pendingTimers <= 1, `at ${clock.now()}: ${clock.pendingTimers} timers`);
  }
  assert.equal(tc.size, 0);
  assert.equal(clock.pendingTimers, 0);
});

Deno.test("an entry scheduled earlier than the armed timer re-arms it", () => {
  const { clock, tc } = setup();
  const log: Array<[string, number]> = [];
  tc.schedule(100, once(log, "late"));
  assert.equal(clock.pendingTimers, 1);
  tc.schedule(30, once(log, "early"));
  assert.equal(clock.pendingTimers, 1, "re-armed, not a second timer");
  clock.advance(30);
  assert.deepEqual(log, [["early", 30]]);
  tc.schedule(200, once(log, "later")); // later than the armed one: no re-arm needed
  assert.equal(clock.pendingTimers, 1);
  clock.advance(70);
  assert.deepEqual(log, [["early", 30], ["late", 100]]);
  clock.advance(100);
  assert.deepEqual(log.at(-1), ["later", 200]);
});

Deno.test("a ticker scheduled from inside another ticker's onDue runs at its own due time", () => {
  const { clock, tc } = setup();
  const log: Array<[string, number]> = [];
  tc.schedule(10, {
    onDue(now) {
      tc.schedule(now + 5, once(log, "child"));
      return undefined;
    },
  });
  clock.advance(100);
  assert.deepEqual(log, [["child", 15]]);
  assert.equal(tc.size, 0);
});

Deno.test("a throwing ticker is dropped without breaking the others", () => {
  const { clock, tc } = setup();
  const log: Array<[string, number]> = [];
  let thrown = 0;
  tc.schedule(10, once(log, "before"));
  tc.schedule(10, {
    onDue() {
      thrown++;
      throw new Error("boom");
    },
  });
  tc.schedule(10, { onDue: (now) => (log.push(["repeat", now]), now < 30 ? now + 10 : undefined) });
  tc.schedule(20, once(log, "after"));
  assert.equal(tc.size, 4);
  clock.advance(10);
  assert.equal(thrown, 1);
  assert.equal(tc.size, 2, "the throwing ticker is gone");
  clock.advance(100);
  assert.equal(thrown, 1, "never called again");
  const expected = [["before", 10], ["repeat", 10], ["after", 20], ["repeat", 20], ["repeat", 30]];
  assert.deepEqual(log, expected);
  assert.equal(tc.size, 0);
  assert.equal(clock.pendingTimers, 0);
});
