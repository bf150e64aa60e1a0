/** Continuous batching: latency rises with concurrency exactly as the formulas predict. */
import assert from "node:assert/strict";
import {
  decodeStepMs,
  type EngineProfile,
  prefillMs,
} from "../../../src/engine/batching/engine_profiles.ts";
import { WorkerScheduler } from "../../../src/engine/batching/worker_scheduler.ts";
import { TokenClock } from "../../../src/engine/token_clock.ts";
import { ManualClock } from "../../../src/util/clock.ts";

const PROFILE: EngineProfile = {
  maxNumSeqs: 2,
  prefillBaseMs: 10,
  prefillPerTokenMs: 0.1,
  decodeBaseMs: 20,
  decodePerSeqMs: 5,
};

function setup(maxQueue = 10) {
  const clock = new ManualClock();
  const scheduler = new WorkerScheduler({
    index: 0,
    profile: PROFILE,
    maxQueue,
    clock,
    tokenClock: new TokenClock(clock),
  });
  return { clock, scheduler };
}

function track(steps: number, uncachedTokens: number) {
  const times: number[] = [];
  const started: number[] = [];
  let doneAt = -1;
  return {
    times,
    started,
    get doneAt() {
      return doneAt;
    },
    request: {
      steps,
      uncachedTokens,
      hooks: {
        onStart: (queuedMs: number) => started.push(queuedMs),
        onSteps: (_from: number, to: number, now: number, done: boolean) => {
          while (times.length < to) times.push(now);
          if (done) doneAt = now;
        },
      },
    },
  };
}

Deno.test("one request: TTFT = prefill of its uncached tokens; ITL = decode step with batch 1", () => {
  const { clock, scheduler } = setup();
  const a = track(4, 100);
  scheduler.submit(a.request);
  clock.advance(1000);
  const ttft = prefillMs(PROFILE, 100); // 20
  const itl = decodeStepMs(PROFILE, 1); // 25
  assert.deepEqual(a.times, [ttft, ttft + itl, ttft + 2 * itl, ttft + 3 * itl]);
  assert.deepEqual(a.started, [0]);
});

Deno.test("a second request joining mid-generation slows the decode steps (ITL rises with the batch)", () => {
  const { clock, scheduler } = setup();
  const a = track(6, 0);
  scheduler.submit(a.request); // ready at 10; steps at 10, 35, 60, ...
  clock.advance(30);
  const b = track(3, 0);
  scheduler.submit(b.request); // ready at 40, joins at the step boundary 60
  clock.advance(1000);
  assert.deepEqual(a.times.slice(0, 3), [10, 35, 60]);
  // From 60 both decode: steps every decodeStepMs(2) = 30; after b leaves, 25 again.
  assert.deepEqual(a.times.slice(3), [90, 120, 145], "b finished at 120: batch 1 again");
  assert.deepEqual(b.times, [60, 90, 120]);
});

Deno.test("max_num_seqs: the third request queues and its TTFT includes the wait", () => {
  const { clock, scheduler } = setup();
  const a = track(2, 0);
  const b = track(2, 0);
  const c = track(2, 0);
  scheduler.submit(a.request);
  scheduler.submit(b.request);
  scheduler.submit(c.request);
  assert.equal(scheduler.running, 2);
  assert.equal(scheduler.waiting, 1);
  clock.advance(1000);
  // a, b: ready at 10, steps at 10 and 10 + decodeStepMs(2) = 40: they finish at 40.
  assert.deepEqual(a.times, [10, 40]);
  // c starts at 40 (queued 40 ms), prefill 10, first token at 50.
  assert.deepEqual(c.started, [40]);
  assert.equal(c.times[0], 50);
});

Deno.test("a full queue refuses; cancelling frees the slot for the next in line", () => {
  const { clock, scheduler } = setup(1);
  const a = track(100, 0);
  const handleA = scheduler.submit(a.request)!;
  scheduler.submit(track(100, 0).request);
  const queued = track(1, 0);
  assert.ok(scheduler.submit(queued.request));
  assert.equal(scheduler.submit(track(1, 0).request), null, "queue of 1 is full");
  clock.advance(5);
  handleA.cancel();
  assert.deepEqual(queued.started, [5]);
  clock.advance(100);
  assert.equal(queued.times.length, 1);
  assert.ok(a.times.length === 0, "a was cancelled before its first step");
});
