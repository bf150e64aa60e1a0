/**
 * Run by token_clock_memory_test.ts with --expose-gc: schedules many entries far in the future,
 * each ticker holding 64 KB, cancels them all, collects, and prints how much memory they still hold.
 */
import { TokenClock } from "../../src/engine/token_clock.ts";
import { ManualClock } from "../../src/util/clock.ts";

const gc = (globalThis as unknown as { gc: () => void }).gc;
const COUNT = 1_000;
const tokens = new TokenClock(new ManualClock(0));
// One entry stays due first and live, so the cancelled ones behind it are never popped.
tokens.schedule(1, { onDue: () => 1 });

function scheduleAndCancel(): void {
  const handles = [];
  for (let i = 0; i < COUNT; i++) {
    const payload = new Float64Array(8_192).fill(i); // 64 KB the stream would hold
    handles.push(tokens.schedule(60_000 + i, { onDue: () => (payload[0] > -1 ? undefined : 0) }));
  }
  for (const handle of handles) handle.cancel();
}

const used = () => {
  gc();
  gc();
  const m = Deno.memoryUsage();
  return m.heapUsed + m.external;
};
const before = used();
scheduleAndCancel();
const after = used();
console.log(JSON.stringify({ bytesPerEntry: (after - before) / COUNT, queued: tokens.size }));
