/**
 * Counters and histograms keyed by label values; cardinality is bounded by the callers. A label
 * set's series is found by walking one map level per label value (no key string is built), is
 * created on first use, and stays: hot paths keep the series they update instead of looking it up.
 * Each series remembers when it was created, so that snapshots of several isolates' metrics merge
 * into the order one registry would have created them in.
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

/** Label values → the label values to merge a snapshot's series under. */
export type Relabel = (labels: readonly string[]) => readonly string[];

export interface CounterSnapshot {
  /** Label values of every series, in creation order. */
  readonly labels: readonly (readonly string[])[];
  /** Clock ms when each series was created. */
  readonly createdAt: Float64Array;
  readonly values: Float64Array;
}

export interface HistogramSnapshot {
  readonly bucketCount: number;
  /** Label values of every series, in creation order. */
  readonly labels: readonly (readonly string[])[];
  /** Clock ms when each series was created. */
  readonly createdAt: Float64Array;
  /** Per-bucket counts, series after series (bucketCount each). */
  readonly bucketCounts: Float64Array;
  readonly sums: Float64Array;
  readonly counts: Float64Array;
}

interface IndexNode<S> {
  next?: Map<string, IndexNode<S>>;
  series?: S;
  /** Clock ms when the series was created (the earliest one, once merged). */
  createdAt?: number;
}

type SeriesNode<S> = IndexNode<S> & { series: S; createdAt: number };

/** The series of one labeled metric, by label values and in the order they were created. */
class SeriesIndex<S> {
  readonly #root: IndexNode<S> = {};
  readonly nodes: SeriesNode<S>[] = [];
  #outOfOrder = false;

  constructor(
    private readonly create: (labels: readonly string[]) => S,
    private readonly now: () => number,
  ) {}

  find(labels: readonly string[]): S | undefined {
    let node: IndexNode<S> | undefined = this.#root;
    for (let i = 0; i < labels.length && node; i++) node = node.next?.get(labels[i]);
    return node?.series;
  }

  findOrCreate(labels: readonly string[]): S {
    const node = this.#nodeOf(labels);
    return node.series ?? this.#add(node, labels, this.now());
  }

  /** The series of a label set merged from elsewhere, where it was created at `createdAt`. */
  merged(labels: readonly string[], createdAt: number): S {
    const node = this.#nodeOf(labels);
    if (!node.series) return this.#add(node, labels, createdAt);
    if (createdAt < node.createdAt!) {
      node.createdAt = createdAt;
      this.#outOfOrder = true;
    }
    return node.series;
  }

  /** Puts the series back in creation order after merges (a stable sort: ties keep theirs). */
  restoreOrder(): void {
    if (!this.#outOfOrder) return;
    // Two sorted runs in the common case (the series so far, then a snapshot's new ones): the
    // engine's merge sort takes linear time on those.
    this.nodes.sort((a, b) => a.createdAt - b.createdAt);
    this.#outOfOrder = false;
  }

  #nodeOf(labels: readonly string[]): IndexNode<S> {
    let node = this.#root;
    for (let i = 0; i < labels.length; i++) {
      node.next ??= new Map();
      let child = node.next.get(labels[i]);
      if (!child) node.next.set(labels[i], child = {});
      node = child;
    }
    return node;
  }

  #add(node: IndexNode<S>, labels: readonly string[], createdAt: number): S {
    const last = this.nodes.at(-1);
    if (last && createdAt < last.createdAt) this.#outOfOrder = true;
    const series = this.create(labels.slice());
    node.series = series;
    node.createdAt = createdAt;
    this.nodes.push(node as SeriesNode<S>);
    return series;
  }
}

/** Dates series when no clock is given: they merge in the order they are absorbed. */
const NO_CLOCK = () => 0;

export class LabeledCounter {
  readonly #index: SeriesIndex<CounterSeries>;

  /** `now` dates each series' creation (read once per series, never per update). */
  constructor(now: () => number = NO_CLOCK) {
    this.#index = new SeriesIndex((labels) => ({ labels, value: 0 }), now);
  }

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
    for (const node of this.#index.nodes) sum += node.series.value;
    return sum;
  }

  entries(): Array<[readonly string[], number]> {
    return this.#index.nodes.map(({ series }) => [series.labels, series.value]);
  }

  snapshot(): CounterSnapshot {
    const nodes = this.#index.nodes;
    return {
      labels: nodes.map((node) => node.series.labels),
      createdAt: Float64Array.from(nodes, (node) => node.createdAt),
      values: Float64Array.from(nodes, (node) => node.series.value),
    };
  }

  /** Adds a snapshot's series into this counter's (creating the missing ones). */
  absorb(s: CounterSnapshot, relabel?: Relabel): void {
    for (let i = 0; i < s.labels.length; i++) {
      const labels = relabel ? relabel(s.labels[i]) : s.labels[i];
      this.#index.merged(labels, s.createdAt[i]).value += s.values[i];
    }
    this.#index.restoreOrder();
  }
}

export class LabeledHistogram {
  readonly #index: SeriesIndex<HistogramSeries>;

  /** `now` dates each series' creation (read once per series, never per observation). */
  constructor(readonly bounds: readonly number[], now: () => number = NO_CLOCK) {
    const buckets = bounds.length + 1;
    this.#index = new SeriesIndex((labels) => ({
      labels,
      counts: new Float64Array(buckets),
      sum: 0,
      count: 0,
    }), now);
  }

  observe(labels: readonly string[], value: number): void {
    this.add(this.series(labels), value);
  }

  /** The series of one label set (created on first use), for repeated adds without lookups. */
  series(labels: readonly string[]): HistogramSeries {
    return this.#index.findOrCreate(labels);
  }

  add(data: HistogramData, value: number): void {
    this.addMany(data, value, 1);
  }

  /** `times` observations of the same value, at the cost of one. */
  addMany(data: HistogramData, value: number, times: number): void {
    // First bucket whose upper bound is >= value (binary search; the last slot is +Inf).
    let lo = 0;
    let hi = this.bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (value > this.bounds[mid]) lo = mid + 1;
      else hi = mid;
    }
    data.counts[lo] += times;
    data.sum += value * times;
    data.count += times;
  }

  entries(): Array<[readonly string[], HistogramData]> {
    return this.#index.nodes.map(({ series }) => [series.labels, series]);
  }

  snapshot(): HistogramSnapshot {
    const nodes = this.#index.nodes;
    const bucketCount = this.bounds.length + 1;
    const bucketCounts = new Float64Array(nodes.length * bucketCount);
    nodes.forEach((node, i) => bucketCounts.set(node.series.counts, i * bucketCount));
    return {
      bucketCount,
      labels: nodes.map((node) => node.series.labels),
      createdAt: Float64Array.from(nodes, (node) => node.createdAt),
      bucketCounts,
      sums: Float64Array.from(nodes, (node) => node.series.sum),
      counts: Float64Array.from(nodes, (node) => node.series.count),
    };
  }

  /** Adds a snapshot's series into this histogram's (creating the missing ones). */
  absorb(s: HistogramSnapshot, relabel?: Relabel): void {
    const bucketCount = this.bounds.length + 1;
    if (s.bucketCount !== bucketCount) {
      throw new RangeError(`histogram snapshot has ${s.bucketCount} buckets, not ${bucketCount}`);
    }
    for (let i = 0; i < s.labels.length; i++) {
      const labels = relabel ? relabel(s.labels[i]) : s.labels[i];
      const series = this.#index.merged(labels, s.createdAt[i]);
      const offset = i * bucketCount;
      for (let b = 0; b < bucketCount; b++) series.counts[b] += s.bucketCounts[offset + b];
      series.sum += s.sums[i];
      series.count += s.counts[i];
    }
    this.#index.restoreOrder();
  }
}
