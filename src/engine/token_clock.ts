/**
 * One scheduler for every stream. Streams register absolute due times; a single timer is armed
 * for the earliest one, and when it fires every stream that is due runs once, writing all the
 * tokens it owes in one write. Absolute targets mean per-token timer lateness never accumulates
 * into drift, and thousands of streams cost one timer instead of thousands.
 */
import type { Clock, TimerHandle } from "../util/clock.ts";

export interface Ticker {
  /** Runs when due; returns the next absolute due time, or undefined when finished. */
  onDue(now: number): number | undefined;
}

interface Entry {
  due: number;
  seq: number;
  ticker: Ticker;
  cancelled: boolean;
}

/**
 * What a cancelled entry holds until the heap reaches it (cancelled entries leave the heap only
 * from its top): nothing of its stream, which would otherwise live on until its due time.
 */
const RELEASED: Ticker = { onDue: () => undefined };

export interface TickHandle {
  cancel(): void;
}

export class TokenClock {
  #heap: Entry[] = [];
  #seq = 0;
  #timer: TimerHandle | undefined;
  #armedFor = Infinity;
  #live = 0;
  #firing = false;

  constructor(private readonly clock: Clock) {}

  /** Streams currently scheduled. */
  get size(): number {
    return this.#live;
  }

  schedule(due: number, ticker: Ticker): TickHandle {
    const entry: Entry = { due, seq: this.#seq++, ticker, cancelled: false };
    this.#push(entry);
    this.#live++;
    this.#arm();
    return {
      cancel: () => {
        if (entry.cancelled) return;
        entry.cancelled = true;
        entry.ticker = RELEASED;
        this.#live--;
        // Disarm (or re-arm for the next live entry) at once, so a cancelled stream leaves no
        // timer behind. While firing, #fire re-arms when it is done.
        if (!this.#firing) this.#arm();
      },
    };
  }

  #fire = (): void => {
    this.#timer = undefined;
    this.#armedFor = Infinity;
    const now = this.clock.now();
    this.#firing = true;
    // Timers may fire up to ~1 ms early or late; anything due within half a ms runs now.
    while (this.#heap.length > 0 && this.#heap[0].due <= now + 0.5) {
      const entry = this.#pop()!;
      if (entry.cancelled) continue;
      let next: number | undefined;
      try {
        next = entry.ticker.onDue(now);
      } catch {
        next = undefined;
      }
      if (next === undefined || entry.cancelled) {
        if (!entry.cancelled) {
          entry.cancelled = true;
          this.#live--;
        }
        entry.ticker = RELEASED;
        continue;
      }
      entry.due = next;
      entry.seq = this.#seq++;
      this.#push(entry);
    }
    this.#firing = false;
    this.#arm();
  };

  #arm(): void {
    while (this.#heap.length > 0 && this.#heap[0].cancelled) this.#pop();
    if (this.#heap.length === 0) {
      if (this.#timer !== undefined) this.clock.clearTimer(this.#timer);
      this.#timer = undefined;
      this.#armedFor = Infinity;
      return;
    }
    const due = this.#heap[0].due;
    if (this.#timer !== undefined && due >= this.#armedFor) return;
    if (this.#timer !== undefined) this.clock.clearTimer(this.#timer);
    this.#armedFor = due;
    // Timers take whole milliseconds and Deno truncates fractions, which would fire early and
    // cost a second, late wake-up: round up instead (due times stay absolute, so no drift).
    this.#timer = this.clock.setTimer(this.#fire, Math.ceil(due - this.clock.now()));
  }

  #less(a: Entry, b: Entry): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  #push(entry: Entry): void {
    const heap = this.#heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  #pop(): Entry | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && this.#less(heap[l], heap[m])) m = l;
        if (r < heap.length && this.#less(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  }
}
