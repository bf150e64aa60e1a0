/** The simulated GPUs: idle values, inertia towards load targets, physical limits, determinism. */
import assert from "node:assert/strict";
import {
  type GpuLoad,
  type GpuReading,
  GpuSimulator,
  NO_LOAD,
} from "../../../src/modalities/gpu/gpu_simulator.ts";
import { GPU_SPECS, type GpuModelId, type GpuSpec } from "../../../src/modalities/gpu/gpu_specs.ts";
import { ManualClock } from "../../../src/util/clock.ts";
import { createPrng } from "../../../src/util/prng.ts";

const H100 = GPU_SPECS.H100;
const FULL: GpuLoad = { runningRequests: 64, tokensPerSecond: 20_000 };

function sim(options: { spec?: GpuSpec; count?: number; seed?: number; jitter?: boolean } = {}) {
  const clock = new ManualClock();
  const simulator = new GpuSimulator({
    spec: options.spec ?? H100,
    count: options.count ?? 4,
    seed: options.seed ?? 1,
    hostname: "node-a",
    startMs: clock.now(),
    jitter: options.jitter,
  });
  const after = (ms: number, load: GpuLoad) => {
    clock.advance(ms);
    return simulator.sample(clock.now(), load);
  };
  return { clock, simulator, after };
}

Deno.test("gpu sim: with no load every GPU shows its idle values", () => {
  const { after } = sim();
  for (const r of after(60_000, NO_LOAD)) {
    assert.equal(r.gpuUtilPct, 0);
    assert.equal(r.utilization, 0);
    assert.equal(r.smClockMHz, H100.idleSmClockMHz);
    assert.equal(r.memClockMHz, H100.memClockMHz);
    assert.ok(Math.abs(r.powerW - H100.idlePowerW) <= 0.4, `power ${r.powerW}`);
    assert.ok(Math.abs(r.gpuTempC - H100.idleTempC) <= 1, `temp ${r.gpuTempC}`);
    assert.equal(r.fbUsedMiB, 34_300);
    assert.equal(r.fbFreeMiB + r.fbUsedMiB + r.fbReservedMiB, H100.memoryMiB);
    assert.equal(r.nvlinkMBps, 0);
    assert.equal(r.tensorActive, 0);
    assert.equal(r.grEngineActive, 0);
    assert.equal(r.runningRequests, 0);
  }
});

Deno.test("gpu sim: under sustained load utilisation, power and temperature rise with inertia", () => {
  const { after } = sim({ jitter: false });
  const span = H100.loadTempC - H100.idleTempC;
  let previous = after(0, FULL)[0];
  const seen: GpuReading[] = [];
  for (let t = 5; t <= 300; t += 5) {
    const r = after(5_000, FULL)[0];
    assert.ok(r.utilization >= previous.utilization);
    assert.ok(r.gpuTempC >= previous.gpuTempC);
    assert.ok(r.energyMj > previous.energyMj);
    seen[t] = r;
    previous = r;
  }
  // Utilisation follows within seconds (tau 1 s); temperature lags with tau 30 s.
  assert.ok(seen[5].gpuUtilPct >= 99, `util after 5 s: ${seen[5].gpuUtilPct}`);
  assert.ok(seen[5].powerW > H100.tdpW * 0.98);
  assert.ok(seen[5].smClockMHz > H100.maxSmClockMHz - 10);
  assert.equal(seen[300].smClockMHz, H100.maxSmClockMHz);
  const rise30 = (seen[30].gpuTempC - H100.idleTempC) / span;
  assert.ok(rise30 > 0.5 && rise30 < 0.7, `rise after one time constant: ${rise30}`);
  assert.ok(seen[10].gpuTempC < seen[30].gpuTempC && seen[30].gpuTempC < seen[120].gpuTempC);
  assert.equal(seen[300].gpuTempC, H100.loadTempC);
  assert.ok(seen[300].memoryTempC > seen[300].gpuTempC);
  assert.ok(seen[300].tensorActive > 0.4 && seen[300].tensorActive < 0.5);
  assert.ok(seen[300].nvlinkMBps! > 0);

  // Load gone: utilisation drops at once, the GPU cools down slowly.
  const cooling = after(5_000, NO_LOAD)[0];
  assert.ok(cooling.gpuUtilPct <= 1);
  assert.ok(cooling.gpuTempC > H100.loadTempC - 0.2 * span, "still warm after 5 s");
  const cooled = after(600_000, NO_LOAD)[0];
  assert.equal(cooled.gpuTempC, H100.idleTempC);
  assert.equal(cooled.smClockMHz, H100.idleSmClockMHz);
});

Deno.test("gpu sim: values depend on elapsed clock time, not on how often it is read", () => {
  const often = sim({ jitter: false });
  for (let i = 0; i < 40; i++) often.after(1_000, FULL);
  const once = sim({ jitter: false });
  once.after(0, FULL);
  const a = often.simulator.sample(often.clock.now(), FULL)[0];
  const b = once.after(40_000, FULL)[0];
  assert.ok(Math.abs(a.gpuTempC - b.gpuTempC) <= 1, `${a.gpuTempC} vs ${b.gpuTempC}`);
  assert.ok(Math.abs(a.energyMj - b.energyMj) / a.energyMj < 1e-3);
});

Deno.test("gpu sim: energy integrates power exactly at idle", () => {
  const { after } = sim({ jitter: false, count: 1 });
  const start = after(0, NO_LOAD)[0].energyMj;
  const end = after(100_000, NO_LOAD)[0].energyMj;
  assert.ok(Math.abs(end - start - H100.idlePowerW * 100 * 1000) <= 1);
});

Deno.test("gpu sim: the load is spread over the GPUs deterministically", () => {
  const { after } = sim({ count: 2 });
  const readings = after(1_000, { runningRequests: 5, tokensPerSecond: 1_000 });
  assert.deepEqual(readings.map((r) => r.runningRequests).sort(), [2, 3]);
  const tokens = readings.map((r) => r.tokensPerSecond);
  assert.ok(Math.abs(tokens[0] + tokens[1] - 1_000) < 0.01);
  for (const t of tokens) assert.ok(t > 500 * 0.9 && t < 500 * 1.1);
  const busier = readings.find((r) => r.runningRequests === 3)!;
  assert.equal(busier.fbUsedMiB, 34_300 + 3 * 1_280);
});

Deno.test("gpu sim: framebuffer use is capped at the usable memory", () => {
  const { after } = sim({ count: 1 });
  const [r] = after(1_000, { runningRequests: 10_000, tokensPerSecond: 0 });
  assert.equal(r.fbUsedMiB, H100.memoryMiB - H100.reservedMiB);
  assert.equal(r.fbFreeMiB, 0);
});

Deno.test("gpu sim: same seed and schedule give the same readings; reads at one instant agree", () => {
  const schedule: Array<[number, GpuLoad]> = [
    [1_000, NO_LOAD],
    [2_500, { runningRequests: 7, tokensPerSecond: 900 }],
    [30_000, { runningRequests: 2, tokensPerSecond: 3_000 }],
    [0, { runningRequests: 2, tokensPerSecond: 3_000 }],
    [120_000, NO_LOAD],
  ];
  const run = (seed: number) => {
    const { after } = sim({ seed });
    return schedule.map(([ms, load]) => after(ms, load));
  };
  assert.deepEqual(run(42), run(42));
  assert.notDeepEqual(run(42)[0].map((r) => r.uuid), run(43)[0].map((r) => r.uuid));
  const a = sim({ seed: 5 });
  const first = a.after(3_000, FULL);
  assert.deepEqual(a.simulator.sample(a.clock.now(), FULL), first);
  for (const r of first) assert.match(r.uuid, /^GPU-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/);
});

Deno.test("gpu sim: property — any loads and durations stay within the GPU's physical limits", () => {
  const prng = createPrng(2024);
  const models = Object.keys(GPU_SPECS) as GpuModelId[];
  for (let trial = 0; trial < 24; trial++) {
    const spec = GPU_SPECS[models[trial % models.length]];
    const count = 1 + prng.int(16);
    const { after } = sim({ spec, count, seed: trial });
    let last = after(0, NO_LOAD);
    for (let step = 0; step < 60; step++) {
      const ms = prng.chance(0.1) ? 0 : Math.round(10 ** prng.range(0, 6.5));
      const load = prng.chance(0.2) ? NO_LOAD : {
        runningRequests: prng.int(prng.chance(0.5) ? 8 : 5_000),
        tokensPerSecond: prng.range(0, prng.chance(0.5) ? 500 : 200_000),
      };
      const readings = after(ms, load);
      assert.equal(readings.length, count);
      assert.equal(readings.reduce((n, r) => n + r.runningRequests, 0), load.runningRequests);
      readings.forEach((r, i) => {
        checkLimits(spec, r);
        assert.ok(r.energyMj >= last[i].energyMj, "energy never decreases");
      });
      last = readings;
    }
  }
});

function checkLimits(spec: GpuSpec, r: GpuReading): void {
  const why = JSON.stringify(r);
  assert.ok(r.gpuUtilPct >= 0 && r.gpuUtilPct <= 100, why);
  assert.ok(r.memCopyUtilPct >= 0 && r.memCopyUtilPct <= 100, why);
  assert.ok(r.powerW >= spec.idlePowerW - 0.4 && r.powerW <= spec.tdpW, why);
  assert.ok(r.gpuTempC >= spec.idleTempC - 1 && r.gpuTempC <= spec.maxTempC, why);
  assert.ok(r.memoryTempC >= spec.idleTempC && r.memoryTempC <= spec.maxMemTempC, why);
  assert.ok(r.smClockMHz >= spec.idleSmClockMHz && r.smClockMHz <= spec.maxSmClockMHz, why);
  assert.equal(r.fbFreeMiB + r.fbUsedMiB + r.fbReservedMiB, spec.memoryMiB, why);
  assert.ok(r.fbFreeMiB >= 0, why);
  for (const ratio of [r.grEngineActive, r.tensorActive, r.dramActive, r.utilization]) {
    assert.ok(ratio >= 0 && ratio <= 1, why);
  }
  assert.ok(r.nvlinkMBps! >= 0 && r.nvlinkMBps! <= spec.nvlinkGBps * 1000, why);
  assert.ok(r.pcieTxBytesPerSec > 0 && r.pcieRxBytesPerSec > 0, why);
}
