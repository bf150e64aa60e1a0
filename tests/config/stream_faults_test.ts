/** Fault specs, error selectors and the seeded choice of faults: pure, no HTTP. */
import assert from "node:assert/strict";
import {
  DEFAULT_FAULT_MS,
  faultSpecProblem,
  parseFaultSpec,
  resolveFault,
} from "../../src/config/stream_faults.ts";
import { loadConfig } from "../../src/config/load.ts";
import { parseErrorSelector } from "../../src/traffic/faults/injected_errors.ts";
import { chooseStreamFault } from "../../src/streaming/stream_fault_choice.ts";
import { createPrng } from "../../src/util/prng.ts";

Deno.test("fault specs: every kind, with and without values", () => {
  const ok = (text: string) => {
    const parsed = parseFaultSpec(text);
    assert.ok(parsed.ok, text);
    return parsed.value;
  };
  assert.deepEqual(ok("disconnect:5"), { kind: "disconnect", step: 5 });
  assert.deepEqual(ok(" malformed : 2 "), { kind: "malformed", step: 2 });
  assert.deepEqual(ok("error"), { kind: "error", step: null });
  assert.deepEqual(ok("stall:3:1500"), { kind: "stall", step: 3, ms: 1500 });
  assert.deepEqual(ok("stall:3"), { kind: "stall", step: 3, ms: null });
  assert.deepEqual(ok("stall"), { kind: "stall", step: null, ms: null });
  assert.deepEqual(ok("slow_first_byte:250.5"), { kind: "slow_first_byte", ms: 250.5 });
  assert.deepEqual(ok("none"), { kind: "none" });
});

Deno.test("fault specs: bad input is rejected with a reason", () => {
  const reason = (text: string, allowNone = true) => {
    const parsed = parseFaultSpec(text, allowNone);
    assert.ok(!parsed.ok, text);
    return parsed.error;
  };
  assert.match(reason("explode:3"), /unknown fault \(known: disconnect, malformed/);
  assert.match(reason("disconnect:-1"), /N must be an integer >= 0/);
  assert.match(reason("disconnect:1.5"), /N must be an integer >= 0/);
  assert.match(reason("disconnect:"), /N must be an integer/);
  assert.match(reason("stall:1:fast"), /MS must be a number >= 0/);
  assert.match(reason("stall:1:2:3"), /stall takes at most 2 values/);
  assert.match(reason("error:1:2"), /error takes at most 1 value/);
  assert.match(reason("slow_first_byte:-5"), /MS must be a number/);
  assert.match(reason("none:1"), /none takes no values/);
  assert.match(reason("none", false), /unknown fault/);
  assert.equal(faultSpecProblem("stall:2:100"), null);
  assert.match(faultSpecProblem("none")!, /invalid stream fault "none"/);
});

Deno.test("resolving a spec: open N lies within the stream, N past the end is clamped", () => {
  const spec = (text: string) => {
    const parsed = parseFaultSpec(text);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.value;
  };
  const prng = createPrng(1);
  for (let i = 0; i < 50; i++) {
    const fault = resolveFault(spec("disconnect"), 10, prng);
    assert.ok(fault?.kind === "disconnect" && fault.step >= 0 && fault.step < 10);
  }
  assert.deepEqual(resolveFault(spec("error:99"), 10, prng), { kind: "error", step: 10 });
  assert.deepEqual(resolveFault(spec("stall:2"), 10, prng), {
    kind: "stall",
    step: 2,
    ms: DEFAULT_FAULT_MS,
  });
  assert.deepEqual(resolveFault(spec("slow_first_byte"), 10, prng), {
    kind: "slow_first_byte",
    ms: DEFAULT_FAULT_MS,
  });
  assert.equal(resolveFault(spec("none"), 10, prng), null);
});

Deno.test("FAKEAI_STREAM_FAULT_TYPES validates each spec", () => {
  const load = (types: string) =>
    loadConfig({ env: { FAKEAI_STREAM_FAULT_TYPES: types }, flags: [], cwd: "/nonexistent" });
  const good = load("disconnect:5,stall:1:200");
  assert.deepEqual(good.errors, []);
  assert.deepEqual(good.config.streamFaultTypes, ["disconnect:5", "stall:1:200"]);
  const bad = load("disconnect,explode");
  assert.match(bad.errors.join("\n"), /FAKEAI_STREAM_FAULT_TYPES.*invalid stream fault "explode"/);
});

Deno.test("x-fakeai-error selectors: kinds, statuses, none", () => {
  assert.equal(parseErrorSelector("insufficient_quota"), "insufficient_quota");
  assert.equal(parseErrorSelector(" Timeout "), "timeout");
  assert.equal(parseErrorSelector("500"), "internal_error");
  assert.equal(parseErrorSelector("502"), "bad_gateway");
  assert.equal(parseErrorSelector("503"), "service_unavailable");
  assert.equal(parseErrorSelector("504"), "gateway_timeout");
  assert.equal(parseErrorSelector("429"), "rate_limit_quota");
  assert.equal(parseErrorSelector("400"), "context_length");
  assert.equal(parseErrorSelector("none"), "none");
  assert.equal(parseErrorSelector("418"), null);
  assert.equal(parseErrorSelector("oops"), null);
});

Deno.test("rate-drawn stream faults: deterministic per seed and stream order", () => {
  const config = (seed: number) => ({
    seed,
    streamFaultRate: 0.5,
    streamFaultTypes: ["disconnect", "malformed:1", "stall:2:300"],
  });
  const run = (seed: number) => {
    const owner = {};
    return Array.from({ length: 40 }, () => chooseStreamFault(config(seed), owner, undefined, 8));
  };
  const first = run(7);
  assert.deepEqual(run(7), first, "same seed, same order: same faults");
  assert.notDeepEqual(run(8), first, "another seed: other faults");
  const hits = first.filter((f) => f !== null).length;
  assert.ok(hits > 5 && hits < 35, `about half the streams get a fault (${hits}/40)`);
  assert.ok(first.some((f) => f?.kind === "stall" && f.step === 2 && f.ms === 300));
});

Deno.test("stream faults: the header wins, none suppresses, rate 0 draws nothing", () => {
  const owner = {};
  const on = { seed: 1, streamFaultRate: 1, streamFaultTypes: ["disconnect:1"] };
  assert.deepEqual(chooseStreamFault(on, owner, "error:3", 8), { kind: "error", step: 3 });
  assert.equal(chooseStreamFault(on, owner, "none", 8), null);
  assert.deepEqual(chooseStreamFault(on, owner, undefined, 8), { kind: "disconnect", step: 1 });
  const off = { ...on, streamFaultRate: 0 };
  assert.equal(chooseStreamFault(off, owner, undefined, 8), null);
  assert.throws(
    () => chooseStreamFault(off, owner, "disconnect:x", 8),
    (err: Error & { status?: number; param?: string }) =>
      err.status === 400 && err.param === "x-fakeai-fault",
  );
});
