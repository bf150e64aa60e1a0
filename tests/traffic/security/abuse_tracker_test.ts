import assert from "node:assert/strict";
import {
  type AbuseEvent,
  type AbuseOptions,
  AbuseTracker,
} from "../../../src/traffic/security/abuse_tracker.ts";
import { ManualClock } from "../../../src/util/clock.ts";

const OPTIONS: AbuseOptions = {
  threshold: 10,
  windowMs: 60_000,
  banMs: 60_000,
  maxBanMs: 3_600_000,
  maxTracked: 1000,
  cleanupIntervalMs: 300_000,
};

function tracker(options: Partial<AbuseOptions> = {}) {
  const clock = new ManualClock();
  const events: AbuseEvent[] = [];
  const t = new AbuseTracker({
    clock,
    options: { ...OPTIONS, ...options },
    onEvent: (e) => events.push(e),
  });
  const count = (e: AbuseEvent) => events.filter((x) => x === e).length;
  return { clock, t, count };
}

Deno.test("10 violations within 60 s ban the client for 60 s", () => {
  const { clock, t, count } = tracker();
  for (let i = 0; i < 9; i++) {
    assert.equal(t.recordViolation("1.2.3.4"), null);
    clock.advance(1000);
  }
  assert.equal(t.check("1.2.3.4"), 0);
  assert.deepEqual(t.recordViolation("1.2.3.4"), { banMs: 60_000, offenses: 1 });
  assert.equal(t.check("1.2.3.4"), 60_000);
  assert.equal(t.check("5.6.7.8"), 0); // others are unaffected
  clock.advance(59_999);
  assert.equal(t.check("1.2.3.4"), 1);
  clock.advance(1);
  assert.equal(t.check("1.2.3.4"), 0);
  assert.equal(count("violations"), 10);
  assert.equal(count("bans"), 1);
  assert.equal(count("blocked"), 2); // the two checks made while banned
});

Deno.test("violations spread wider than the window never ban", () => {
  const { clock, t } = tracker();
  for (let i = 0; i < 100; i++) {
    assert.equal(t.recordViolation("1.2.3.4"), null);
    clock.advance(6_700); // at most 9 fall inside any 60 s window
  }
});

Deno.test("repeat offenders get twice the previous ban, up to the maximum", () => {
  const { clock, t } = tracker({ threshold: 2 });
  const bans: number[] = [];
  for (let round = 0; round < 9; round++) {
    t.recordViolation("9.9.9.9");
    const ban = t.recordViolation("9.9.9.9")!;
    bans.push(ban.banMs / 1000);
    clock.advance(ban.banMs);
  }
  assert.deepEqual(bans, [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
});

Deno.test("violations during a ban (requests already in flight) do not extend it", () => {
  const { clock, t } = tracker({ threshold: 2 });
  t.recordViolation("9.9.9.9");
  t.recordViolation("9.9.9.9");
  clock.advance(30_000);
  assert.equal(t.recordViolation("9.9.9.9"), null);
  assert.equal(t.check("9.9.9.9"), 30_000);
});

Deno.test("cleanup on the clock lifts bans and forgets quiet clients after the longest ban", () => {
  const { clock, t } = tracker({ threshold: 2, cleanupIntervalMs: 300_000, maxBanMs: 600_000 });
  assert.equal(clock.pendingTimers, 0); // nothing tracked: no timer
  t.recordViolation("1.1.1.1");
  t.recordViolation("1.1.1.1"); // banned 60 s
  t.recordViolation("2.2.2.2"); // one violation
  assert.equal(clock.pendingTimers, 1);
  assert.equal(t.size, 2);
  assert.equal(t.bannedCount, 1);
  clock.advance(300_000); // first cleanup: ban over, both still remembered
  assert.equal(t.bannedCount, 0);
  assert.equal(t.size, 2);
  clock.advance(300_000); // 600 s after their last activity (2.2.2.2); 1.1.1.1's ban ended at 60 s
  assert.equal(t.size, 1);
  clock.advance(300_000);
  assert.equal(t.size, 0);
  assert.equal(clock.pendingTimers, 0); // the timer stops once the table is empty
  // Forgotten: the next ban of 1.1.1.1 is a first ban again.
  t.recordViolation("1.1.1.1");
  assert.deepEqual(t.recordViolation("1.1.1.1"), { banMs: 60_000, offenses: 1 });
  t.close();
  assert.equal(clock.pendingTimers, 0);
});

Deno.test("a flood of 100k distinct clients keeps the table at its cap; bans survive", () => {
  const { t } = tracker({ threshold: 2, maxTracked: 1000 });
  const ip = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  t.recordViolation("203.0.113.1");
  t.recordViolation("203.0.113.1");
  assert.ok(t.check("203.0.113.1") > 0);
  for (let i = 0; i < 100_000; i++) {
    t.recordViolation(ip(i));
    assert.ok(t.size <= 1000);
  }
  assert.equal(t.size, 1000);
  assert.ok(t.check("203.0.113.1") > 0, "the banned client was not evicted by the flood");
  // The least recently active were evicted: a recent client's second violation bans it, an
  // early one starts over.
  assert.ok(t.recordViolation(ip(99_999)) !== null);
  assert.equal(t.recordViolation(ip(0)), null);
});

Deno.test("when every tracked client is banned the oldest ban makes room", () => {
  const { t } = tracker({ threshold: 1, maxTracked: 3 });
  for (const ip of ["1.0.0.1", "1.0.0.2", "1.0.0.3", "1.0.0.4"]) t.recordViolation(ip);
  assert.equal(t.size, 3);
  assert.equal(t.check("1.0.0.1"), 0);
  assert.ok(t.check("1.0.0.4") > 0);
});
