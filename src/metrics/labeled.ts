/** Counters and histograms keyed by label values; cardinality is bounded by the callers. */

const SEP = "\u0001";

export class LabeledCounter {
  readonly values = new Map<string, number>();

  inc(labels: readonly string[], by = 1): void {
    const key = labels.join(SEP);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }

  get(labels: readonly string[]): number {
    return this.values.get(labels.join(SEP)) ?? 0;
  }

  total(): number {
    let sum = 0;
    for (const v of this.values.values()) sum += v;
    return sum;
  }

  entries(): Array<[string[], number]> {
    return [...this.values].map(([key, value]) => [splitKey(key), value]);
  }
}

export interface HistogramData {
  /** Per-bucket counts (not cumulative), one more than the bounds for +Inf. */
  counts: Float64Array;
  sum: number;
  count: number;
}

export class LabeledHistogram {
  readonly values = new Map<string, HistogramData>();

  constructor(readonly bounds: readonly number[]) {}

  observe(labels: readonly string[], value: number): void {
    this.add(this.series(labels), value);
  }

  /** The data of one label set (created on first use), for repeated adds without lookups. */
  series(labels: readonly string[]): HistogramData {
    const key = labels.join(SEP);
    let data = this.values.get(key);
    if (!data) {
      data = { counts: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 };
      this.values.set(key, data);
    }
    return data;
  }

  add(data: HistogramData, value: number): void {
    // First bucket whose upper bound is >= value (binary search; the last slot is +Inf).
    let lo = 0;
    let hi = this.bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (value > this.bounds[mid]) lo = mid + 1;
      else hi = mid;
    }
    data.counts[lo]++;
    data.sum += value;
    data.count++;
  }

  entries(): Array<[string[], HistogramData]> {
    return [...this.values].map(([key, value]) => [splitKey(key), value]);
  }
}

function splitKey(key: string): string[] {
  return key === "" ? [] : key.split(SEP);
}
