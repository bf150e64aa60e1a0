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
    const key = labels.join(SEP);
    let data = this.values.get(key);
    if (!data) {
      data = { counts: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 };
      this.values.set(key, data);
    }
    let i = 0;
    while (i < this.bounds.length && value > this.bounds[i]) i++;
    data.counts[i]++;
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
