/**
 * A bounded count (e.g. open subscriptions) kept in one Int32Array cell: a cell of this isolate's
 * own by default, or a cell of shared memory that every isolate of a multi-worker server counts
 * in, so a limit holds for the whole server. Atomic, so isolates never take more than `max`.
 */
export class SharedCount {
  constructor(private readonly cells: Int32Array = new Int32Array(1), private readonly at = 0) {}

  get value(): number {
    return Atomics.load(this.cells, this.at);
  }

  /** Takes one if fewer than `max` are taken; says whether it did. */
  tryTake(max: number): boolean {
    if (Atomics.add(this.cells, this.at, 1) < max) return true;
    Atomics.sub(this.cells, this.at, 1);
    return false;
  }

  give(): void {
    Atomics.sub(this.cells, this.at, 1);
  }
}
