/**
 * A lock in one Int32Array cell of shared memory, for state several isolates update (rate-limit
 * buckets, the KV cache). Critical sections are short, so waiters spin; with more isolates than
 * cores the holder may be descheduled, so a waiter sleeps a moment every few spins instead of
 * burning its time slice (Deno allows Atomics.wait on every thread). A lock held for over a
 * second means its holder died inside (a Worker terminated mid-update): acquiring then throws,
 * so the caller fails one request instead of the server spinning forever.
 */

const UNLOCKED = 0;
const LOCKED = 1;
const LOCK_TIMEOUT_MS = 1_000;
const SPINS_BETWEEN_TIME_CHECKS = 1 << 14;
const SPINS_BEFORE_SLEEP = 64;
const SLEEP_MS = 0.05;

export class LockTimeoutError extends Error {
  constructor(what: string) {
    super(`${what} lock held for over a second`);
  }
}

function acquireLock(cells: Int32Array, at: number, what: string): void {
  let spins = 0;
  let deadline = 0;
  while (Atomics.compareExchange(cells, at, UNLOCKED, LOCKED) !== UNLOCKED) {
    if (++spins % SPINS_BEFORE_SLEEP === 0) Atomics.wait(cells, at, LOCKED, SLEEP_MS);
    if (spins % SPINS_BETWEEN_TIME_CHECKS !== 0) continue;
    const now = performance.now();
    if (deadline === 0) deadline = now + LOCK_TIMEOUT_MS;
    else if (now > deadline) throw new LockTimeoutError(what);
  }
}

function releaseLock(cells: Int32Array, at: number): void {
  Atomics.store(cells, at, UNLOCKED);
}

/** Runs `fn` holding the lock. */
export function withLock<T>(cells: Int32Array, at: number, what: string, fn: () => T): T {
  acquireLock(cells, at, what);
  try {
    return fn();
  } finally {
    releaseLock(cells, at);
  }
}
