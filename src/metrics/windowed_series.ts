/**
 * Rates and quantiles over a sliding window without per-sample allocation: a ring of time slots,
 * each holding count/sum/min/max and a log-scaled histogram (50 bins per decade, so a quantile
 * is within ~2.3 % of the true value). Slots are allocated once and reused as time moves on.
 */

const BINS_PER_DECADE = 50;
const MIN_EXP = -6; // 1e-6
const MAX_EXP = 7; // 1e7
const BIN_COUNT = (MAX_EXP - MIN_EXP) * BINS_PER_DECADE + 2; // + underflow (incl. 0) and overflow

interface Slot {
  /** Slot number (time / slot length) this slot currently holds; -1 when empty. */
  epoch: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  bins: Uint32Array;
}

export interface WindowStats {
  count: number;
  /** Sum of the samples in the window. */
  sum: number;
  /** Sum of the samples per second over the window (e.g. tokens/s when samples are token counts). */
  sumRate: number;
  /** Samples per second over the window (or since the first sample when younger). */
  rate: number;
  avg: number;
  min: number;
  max: number;
  p50: number;
  p90: number;
  p99: number;
}

export const EMPTY_STATS: WindowStats = Object.freeze({
  count: 0,
  sum: 0,
  sumRate: 0,
  rate: 0,
  avg: 0,
  min: 0,
  max: 0,
  p50: 0,
  p90: 0,
  p99: 0,
});

/**
 * A window's state as plain data: the slots still inside the window when it was taken, with only
 * their non-empty bins (a slot has 652 bins; samples fill a few).
 */
export interface WindowedSeriesSnapshot {
  readonly windowSeconds: number;
  readonly slotCount: number;
  /** Clock ms of the first sample ever recorded; -1 when none was. */
  readonly firstSampleAt: number;
  /** Per kept slot: its epoch (time / slot length), count, sum, min and max. */
  readonly epochs: Float64Array;
  readonly counts: Float64Array;
  readonly sums: Float64Array;
  readonly mins: Float64Array;
  readonly maxs: Float64Array;
  /** Kept slot i's non-empty bins are entries binStart[i] .. binStart[i + 1] - 1 of these. */
  readonly binStart: Uint32Array;
  readonly bins: Uint16Array;
  readonly binCounts: Uint32Array;
}

export class WindowedSeries {
  readonly #slots: Slot[];
  readonly #slotMs: number;
  #firstSampleAt = -1;

  constructor(readonly windowSeconds: number, slotCount = 30) {
    this.#slotMs = (windowSeconds * 1000) / slotCount;
    this.#slots = Array.from({ length: slotCount }, () => ({
      epoch: -1,
      count: 0,
      sum: 0,
      min: Infinity,
      max: -Infinity,
      bins: new Uint32Array(BIN_COUNT),
    }));
  }

  record(value: number, nowMs: number): void {
    this.recordMany(value, 1, nowMs);
  }

  /** `times` samples of the same value at `nowMs`, at the cost of one. */
  recordMany(value: number, times: number, nowMs: number): void {
    const epoch = Math.floor(nowMs / this.#slotMs);
    const slot = this.#slots[epoch % this.#slots.length];
    if (slot.epoch !== epoch) reuse(slot, epoch);
    if (this.#firstSampleAt < 0) this.#firstSampleAt = nowMs;
    slot.count += times;
    slot.sum += value * times;
    if (value < slot.min) slot.min = value;
    if (value > slot.max) slot.max = value;
    slot.bins[binOf(value)] += times;
  }

  /** The state that stats() can still read at `nowMs` or later. */
  snapshot(nowMs: number): WindowedSeriesSnapshot {
    const oldest = Math.floor(nowMs / this.#slotMs) - this.#slots.length + 1;
    const kept = this.#slots.filter((slot) => slot.epoch >= oldest && slot.count > 0);
    let nonEmpty = 0;
    for (const slot of kept) {
      const last = binOf(slot.max);
      for (let bin = firstBin(slot); bin <= last; bin++) if (slot.bins[bin] !== 0) nonEmpty++;
    }
    const binStart = new Uint32Array(kept.length + 1);
    const bins = new Uint16Array(nonEmpty);
    const binCounts = new Uint32Array(nonEmpty);
    let next = 0;
    for (let i = 0; i < kept.length; i++) {
      const slot = kept[i];
      const last = binOf(slot.max);
      for (let bin = firstBin(slot); bin <= last; bin++) {
        const count = slot.bins[bin];
        if (count === 0) continue;
        bins[next] = bin;
        binCounts[next++] = count;
      }
      binStart[i + 1] = next;
    }
    return {
      windowSeconds: this.windowSeconds,
      slotCount: this.#slots.length,
      firstSampleAt: this.#firstSampleAt,
      epochs: Float64Array.from(kept, (slot) => slot.epoch),
      counts: Float64Array.from(kept, (slot) => slot.count),
      sums: Float64Array.from(kept, (slot) => slot.sum),
      mins: Float64Array.from(kept, (slot) => slot.min),
      maxs: Float64Array.from(kept, (slot) => slot.max),
      binStart,
      bins,
      binCounts,
    };
  }

  /**
   * Adds a snapshot's samples, slot by slot: a slot of the same epoch adds up, a newer epoch
   * replaces the slot's older one (as recording would have), an older one is dropped.
   */
  absorb(s: WindowedSeriesSnapshot): void {
    if (s.windowSeconds !== this.windowSeconds || s.slotCount !== this.#slots.length) {
      throw new RangeError(
        `window snapshot of ${s.windowSeconds} s in ${s.slotCount} slots merged into ` +
          `${this.windowSeconds} s in ${this.#slots.length}`,
      );
    }
    if (
      s.firstSampleAt >= 0 && (this.#firstSampleAt < 0 || s.firstSampleAt < this.#firstSampleAt)
    ) {
      this.#firstSampleAt = s.firstSampleAt;
    }
    for (let i = 0; i < s.epochs.length; i++) {
      const epoch = s.epochs[i];
      const slot = this.#slots[epoch % this.#slots.length];
      if (slot.epoch > epoch) continue;
      if (slot.epoch < epoch) reuse(slot, epoch);
      slot.count += s.counts[i];
      slot.sum += s.sums[i];
      if (s.mins[i] < slot.min) slot.min = s.mins[i];
      if (s.maxs[i] > slot.max) slot.max = s.maxs[i];
      for (let j = s.binStart[i]; j < s.binStart[i + 1]; j++) {
        slot.bins[s.bins[j]] += s.binCounts[j];
      }
    }
  }

  stats(nowMs: number): WindowStats {
    const current = Math.floor(nowMs / this.#slotMs);
    const oldest = current - this.#slots.length + 1;
    let count = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    const live: Slot[] = [];
    for (const slot of this.#slots) {
      if (slot.epoch < oldest || slot.epoch > current || slot.count === 0) continue;
      live.push(slot);
      count += slot.count;
      sum += slot.sum;
      min = Math.min(min, slot.min);
      max = Math.max(max, slot.max);
    }
    if (count === 0) return EMPTY_STATS;
    const windowMs = this.windowSeconds * 1000;
    const elapsedMs = Math.min(windowMs, Math.max(nowMs - this.#firstSampleAt, this.#slotMs));
    const quantile = (q: number) => clamp(valueAtRank(live, Math.ceil(q * count)), min, max);
    return {
      count,
      sum,
      sumRate: sum / (elapsedMs / 1000),
      rate: count / (elapsedMs / 1000),
      avg: sum / count,
      min,
      max,
      p50: quantile(0.5),
      p90: quantile(0.9),
      p99: quantile(0.99),
    };
  }
}

/**
 * The lowest bin a slot's samples can be in: its min's, or 0 for NaN samples (counted there
 * without moving min or max). Its highest is its max's: scans stop there instead of at 652.
 */
function firstBin(slot: Slot): number {
  return slot.bins[0] !== 0 ? 0 : binOf(slot.min);
}

/** Empties a slot for a new epoch. */
function reuse(slot: Slot, epoch: number): void {
  slot.epoch = epoch;
  slot.count = 0;
  slot.sum = 0;
  slot.min = Infinity;
  slot.max = -Infinity;
  slot.bins.fill(0);
}

function binOf(value: number): number {
  if (!(value > 0)) return 0;
  const exp = Math.log10(value);
  if (exp < MIN_EXP) return 0;
  if (exp >= MAX_EXP) return BIN_COUNT - 1;
  return 1 + Math.floor((exp - MIN_EXP) * BINS_PER_DECADE);
}

/** The geometric middle of a bin: the estimate for every sample that fell in it. */
function binValue(bin: number): number {
  if (bin === 0) return 0;
  if (bin === BIN_COUNT - 1) return 10 ** MAX_EXP;
  return 10 ** (MIN_EXP + (bin - 0.5) / BINS_PER_DECADE);
}

function valueAtRank(slots: readonly Slot[], rank: number): number {
  let seen = 0;
  for (let bin = 0; bin < BIN_COUNT; bin++) {
    for (const slot of slots) seen += slot.bins[bin];
    if (seen >= rank) return binValue(bin);
  }
  return binValue(BIN_COUNT - 1);
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
