/**
 * A pure model of N GPUs serving the simulated load, read by the DCGM exporter views.
 *
 * The load (running requests, completion tokens/s) is spread over the GPUs deterministically.
 * Utilisation saturates with load (1 - e^-demand) and follows it with a short lag; power is
 * idle + util × (TDP - idle); temperatures follow power through first-order thermal lags; the
 * energy counter integrates power exactly. State only moves when `sample(now, load)` is called,
 * with the load taken as constant since the previous call, so a ManualClock makes every value
 * reproducible. Jitter is a function of (seed, GPU, second), so two reads at the same instant
 * agree.
 */
import { createPrng, deriveSeed, type Prng } from "../../util/prng.ts";
import type { GpuSpec } from "./gpu_specs.ts";

export interface GpuLoad {
  runningRequests: number;
  /** Completion tokens per second. */
  tokensPerSecond: number;
}

export const NO_LOAD: GpuLoad = Object.freeze({ runningRequests: 0, tokensPerSecond: 0 });

/** One GPU at one instant, in DCGM's units. */
export interface GpuReading {
  index: number;
  uuid: string;
  pciBusId: string;
  /** The share of the load this GPU carries. */
  runningRequests: number;
  tokensPerSecond: number;
  /** Utilisation 0..1 before rounding to DCGM's integer percent. */
  utilization: number;
  smClockMHz: number;
  memClockMHz: number;
  gpuTempC: number;
  memoryTempC: number;
  powerW: number;
  /** Since boot, mJ; never decreases. */
  energyMj: number;
  gpuUtilPct: number;
  memCopyUtilPct: number;
  fbFreeMiB: number;
  fbUsedMiB: number;
  fbReservedMiB: number;
  /** NVLink throughput, MB/s (what DCGM field 449 holds); null without NVLink. */
  nvlinkMBps: number | null;
  grEngineActive: number;
  tensorActive: number;
  dramActive: number;
  pcieTxBytesPerSec: number;
  pcieRxBytesPerSec: number;
}

/** Running requests per GPU that drive utilisation to 1 - 1/e. */
const RUNNING_SCALE = 2;
const UTIL_TAU_S = 1;
const GPU_TEMP_TAU_S = 30;
const MEM_TEMP_TAU_S = 45;
/** Integration step bound, s; the step count is capped so long idle gaps stay cheap. */
const MAX_STEP_S = 0.5;
const MAX_STEPS = 600;
/** Resident model weights + CUDA context per GPU, MiB, and KV cache per running request. */
const WEIGHTS_MIB = 34_300;
const KV_MIB_PER_REQUEST = 1_280;
const TENSOR_FACTOR = 0.45;
const DRAM_FACTOR = 0.62;
const GR_ENGINE_FACTOR = 0.97;
/** Share of NVLink capacity tensor-parallel all-reduces use at full utilisation. */
const NVLINK_FACTOR = 0.15;

interface GpuState {
  util: number;
  gpuTemp: number;
  memTemp: number;
  energyMj: number;
}

export interface GpuSimulatorOptions {
  spec: GpuSpec;
  count: number;
  seed: number;
  hostname: string;
  startMs: number;
  /** false: no jitter (exact values for tests of the dynamics). */
  jitter?: boolean;
}

export class GpuSimulator {
  readonly spec: GpuSpec;
  readonly count: number;
  readonly uuids: readonly string[];
  readonly pciBusIds: readonly string[];
  readonly #seed: number;
  readonly #jitter: boolean;
  /** Relative token-throughput weights (mean 1): real replicas are never perfectly balanced. */
  readonly #weights: readonly number[];
  /** Which GPU takes the first of the requests that do not divide evenly. */
  readonly #rotation: number;
  readonly #states: GpuState[];
  #lastMs: number;

  constructor(o: GpuSimulatorOptions) {
    this.spec = o.spec;
    this.count = o.count;
    this.#seed = o.seed;
    this.#jitter = o.jitter ?? true;
    this.#lastMs = o.startMs;
    const prng = createPrng(deriveSeed(o.seed, "dcgm", o.hostname, o.spec.name));
    this.uuids = Array.from({ length: o.count }, () => uuid(prng));
    this.pciBusIds = Array.from({ length: o.count }, (_, i) => pciBusId(i));
    const raw = Array.from({ length: o.count }, () => prng.range(0.94, 1.06));
    const mean = raw.reduce((a, b) => a + b, 0) / o.count;
    this.#weights = raw.map((w) => w / mean);
    this.#rotation = prng.int(o.count);
    const bootHours = prng.range(6, 72);
    this.#states = Array.from({ length: o.count }, () => ({
      util: 0,
      gpuTemp: o.spec.idleTempC,
      memTemp: o.spec.idleTempC + 3,
      energyMj: Math.round(o.spec.idlePowerW * bootHours * 3_600_000),
    }));
  }

  /** Advances to `nowMs` under `load` (taken as constant since the last call) and reads every GPU. */
  sample(nowMs: number, load: GpuLoad): GpuReading[] {
    const dtS = Math.max(0, nowMs - this.#lastMs) / 1000;
    this.#lastMs = Math.max(this.#lastMs, nowMs);
    const second = Math.floor(this.#lastMs / 1000);
    return this.#states.map((state, i) => {
      const share = this.#share(i, load);
      const target = 1 - Math.exp(
        -(share.running / RUNNING_SCALE + share.tokensPerSecond / this.spec.tokensPerSecondScale),
      );
      this.#advance(state, target, dtS);
      const jitter = this.#jitter ? createPrng(deriveSeed(this.#seed, "dcgm", i, second)) : null;
      return this.#read(i, state, share, jitter);
    });
  }

  #share(i: number, load: GpuLoad): { running: number; tokensPerSecond: number } {
    const running = Math.max(0, Math.floor(load.runningRequests));
    const extra = running % this.count;
    const position = (i - this.#rotation + this.count) % this.count;
    return {
      running: Math.floor(running / this.count) + (position < extra ? 1 : 0),
      tokensPerSecond: Math.max(0, load.tokensPerSecond) * this.#weights[i] / this.count,
    };
  }

  #advance(s: GpuState, target: number, dtS: number): void {
    if (dtS <= 0) return;
    const steps = Math.min(MAX_STEPS, Math.ceil(dtS / MAX_STEP_S));
    const h = dtS / steps;
    const { idlePowerW, tdpW } = this.spec;
    for (let k = 0; k < steps; k++) {
      const decay = Math.exp(-h / UTIL_TAU_S);
      // Exact integral of the utilisation over the step, for the energy counter.
      const utilIntegral = target * h + (s.util - target) * UTIL_TAU_S * (1 - decay);
      s.energyMj += (idlePowerW * h + (tdpW - idlePowerW) * utilIntegral) * 1000;
      s.util = target + (s.util - target) * decay;
      s.gpuTemp = lag(s.gpuTemp, this.#gpuTempTarget(s.util), h, GPU_TEMP_TAU_S);
      s.memTemp = lag(s.memTemp, this.#gpuTempTarget(s.util) + 3 + 5 * s.util, h, MEM_TEMP_TAU_S);
    }
  }

  #gpuTempTarget(util: number): number {
    return this.spec.idleTempC + util * (this.spec.loadTempC - this.spec.idleTempC);
  }

  #read(
    i: number,
    s: GpuState,
    share: { running: number; tokensPerSecond: number },
    jitter: Prng | null,
  ): GpuReading {
    const spec = this.spec;
    const noise = (amplitude: number) => jitter ? jitter.range(-amplitude, amplitude) : 0;
    const util = clamp(s.util, 0, 1);
    const usableMiB = spec.memoryMiB - spec.reservedMiB;
    const fbUsed = Math.min(usableMiB, WEIGHTS_MIB + share.running * KV_MIB_PER_REQUEST);
    const dram = util * DRAM_FACTOR;
    const power = spec.idlePowerW + util * (spec.tdpW - spec.idlePowerW) + noise(0.4);
    // Clocks boost as soon as there is work, reaching the maximum at full utilisation.
    const boost = (1 - Math.exp(-6 * util)) / (1 - Math.exp(-6));
    return {
      index: i,
      uuid: this.uuids[i],
      pciBusId: this.pciBusIds[i],
      runningRequests: share.running,
      tokensPerSecond: round(share.tokensPerSecond, 3),
      utilization: util,
      smClockMHz: Math.round(
        spec.idleSmClockMHz + (spec.maxSmClockMHz - spec.idleSmClockMHz) * boost,
      ),
      memClockMHz: spec.memClockMHz,
      gpuTempC: Math.round(clamp(s.gpuTemp + noise(0.3), 0, spec.maxTempC)),
      memoryTempC: Math.round(clamp(s.memTemp + noise(0.3), 0, spec.maxMemTempC)),
      powerW: round(clamp(power, 0, spec.tdpW), 3),
      energyMj: Math.floor(s.energyMj),
      gpuUtilPct: Math.round(util * 100),
      memCopyUtilPct: Math.round(dram * 100),
      fbFreeMiB: usableMiB - fbUsed,
      fbUsedMiB: fbUsed,
      fbReservedMiB: spec.reservedMiB,
      nvlinkMBps: spec.nvlinkGBps > 0
        ? Math.round(util * spec.nvlinkGBps * 1000 * NVLINK_FACTOR)
        : null,
      grEngineActive: round(util * GR_ENGINE_FACTOR, 6),
      tensorActive: round(util * TENSOR_FACTOR, 6),
      dramActive: round(dram, 6),
      pcieTxBytesPerSec: Math.round((150_000 + util * 350_000_000) * (1 + noise(0.03))),
      pcieRxBytesPerSec: Math.round((25_000 + util * 120_000_000) * (1 + noise(0.03))),
    };
  }
}

/** First-order lag: x moves towards target by 1 - e^(-dt/tau). */
function lag(x: number, target: number, dtS: number, tauS: number): number {
  return x + (target - x) * (1 - Math.exp(-dtS / tauS));
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function uuid(prng: Prng): string {
  const hex = (n: number) => Array.from({ length: n }, () => prng.int(16).toString(16)).join("");
  return `GPU-${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
}

/** HGX boards put the eight GPUs on these buses; a second board gets the next PCI domain. */
const HGX_BUSES = ["18", "2A", "3A", "5D", "9A", "AB", "BA", "DB"];

function pciBusId(i: number): string {
  const domain = Math.floor(i / HGX_BUSES.length).toString(16).padStart(8, "0");
  return `${domain}:${HGX_BUSES[i % HGX_BUSES.length]}:00.0`;
}
