/**
 * Counters and histograms keyed by label values; cardinality is bounded by the callers. A label
 * set's series is found by walking one map level per label value (no key string is built), is
 * created on first use, and stays: hot paths keep the series they update instead of looking it up.
 */

export interface CounterSeries {
  readonly labels: readonly string[];
  value: number;
}

export interface HistogramData {
  /** Per-bucket counts (not cumulative), one more than the bounds for +Inf. */
  counts: Float64Array;
  sum: number;
  count: number;
}

export interface HistogramSeries extends HistogramData {
  readonly labels: readonly string[];
}

interface IndexNode<S> {
  next?: Map<string, IndexNode<S>>;
  series?: S;
}

/** The series of one labeled metric, by label values and in the order they were created. */
class SeriesIndex<S> {
  readonly #root: IndexNode<S> = {};
  readonly all: S[] = [];

  constructor(private readonly create: (labels: readonly string[]) => S) {}

  find(labels: readonly string[]): S | undefined {
    let node: IndexNode<S> | undefined = this.#root;
    for (let i = 0; i < labels.length && node; i++) node = node.next?.get(labels[i]);
    return node?.series;
  }

  findOrCreate(labels: readonly string[]): S {
    let node = this.#root;
    for (let i = 0; i < labels.length; i++) {
      node.next ??= new Map();
      let child = node.next.get(labels[i]);
      if (!child) node.next.set(labels[i], child = {});
      node = child;
    }
    if (!node.series) {
      node.series = this.create(labels.slice());
      this.all.push(node.series);
    }
    return node.series;
  }
}

export class LabeledCounter {
  readonly #index = new SeriesIndex<CounterSeries>((labels) => ({ labels, value: 0 }));

  /** The series of one label set (created on first use), to add to without lookups. */
  series(labels: readonly string[]): CounterSeries {
    return this.#index.findOrCreate(labels);
  }

  inc(labels: readonly string[], by = 1): void {
    this.series(labels).value += by;
  }

  get(labels: readonly string[]): number {
    return this.#index.find(labels)?.value ?? 0;
  }

  total(): number {
    let sum = 0;
    for (const s of this.#index.all) sum += s.value;
    return sum;
  }

  entries(): Array<[readonly string[], number]> {
    return this.#index.all.map((s) => [s.labels, s.value]);
  }
}

export class LabeledHistogram {
  readonly #index: SeriesIndex<HistogramSeries>;

  constructor(readonly bounds: readonly number[]) {
    const buckets = bounds.length + 1;
    this.#index = new SeriesIndex((labels) => ({
      labels,
      counts: new Float64Array(buckets),
      sum: 0,
      count: 0,
    }));
  }

  observe(labels: readonly string[], value: number): void {
    this.add(this.series(labels), value);
  }

  /** The series of one label set (created on first use), for repeated adds without lookups. */
  series(labels: readonly string[]): HistogramSeries {
    return this.#index.findOrCreate(labels);
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

  entries(): Array<[readonly string[], HistogramData]> {
    return this.#index.all.map((s) => [s.labels, s]);
  }
}
