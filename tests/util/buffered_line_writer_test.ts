/**
 * Log lines in batches: a line after a quiet spell goes at once, lines close behind it go together
 * shortly after, a full batch or a flush goes at once.
 */
import assert from "node:assert/strict";
import {
  BATCH_CHARS,
  BufferedLineWriter,
  FLUSH_AFTER_MS,
  type LineTarget,
  PIPE_BUF,
} from "../../src/util/buffered_line_writer.ts";
import { ManualClock } from "../../src/util/clock.ts";

/** A target that records each write; `maxBytes` makes it accept only part of a write per call. */
function recorder(maxBytes = Infinity) {
  const writes: string[] = [];
  const decoder = new TextDecoder();
  return {
    writes,
    text: () => writes.join(""),
    writeSync(bytes: Uint8Array): number {
      const n = Math.min(bytes.length, maxBytes);
      writes.push(decoder.decode(bytes.subarray(0, n)));
      return n;
    },
  };
}

function writer<T extends LineTarget>(target: T, onWriteError: (err: unknown) => void = () => {}) {
  const clock = new ManualClock();
  return { clock, target, lines: new BufferedLineWriter(target, { clock, onWriteError }) };
}

Deno.test("a line after a quiet spell is written at once; lines close behind wait for one write", () => {
  const { clock, target, lines } = writer(recorder());
  lines.write("first");
  assert.deepEqual(target.writes, ["first\n"]);
  clock.advance(FLUSH_AFTER_MS / 2);
  lines.write('{"a":1}');
  clock.advance(FLUSH_AFTER_MS / 4);
  lines.write('{"b":"é"}');
  clock.advance(FLUSH_AFTER_MS / 4 - 1);
  assert.deepEqual(target.writes, ["first\n"], "not yet FLUSH_AFTER_MS since the last write");
  clock.advance(1);
  assert.deepEqual(target.writes, ["first\n", '{"a":1}\n{"b":"é"}\n']);
  assert.equal(clock.pendingTimers, 0);
  clock.advance(FLUSH_AFTER_MS);
  lines.write("after a quiet spell");
  assert.equal(target.writes.at(-1), "after a quiet spell\n");
  assert.equal(clock.pendingTimers, 0);
});

Deno.test("a full batch is written at once, without waiting for the timer", () => {
  const { clock, target, lines } = writer(recorder());
  lines.write("first");
  const line = "x".repeat(99);
  const perBatch = Math.ceil(BATCH_CHARS / (line.length + 1));
  for (let i = 0; i < perBatch - 1; i++) lines.write(line);
  assert.equal(target.writes.length, 1);
  lines.write(line);
  assert.equal(target.writes.length, 2);
  assert.equal(target.writes[1], `${line}\n`.repeat(perBatch));
  clock.advance(FLUSH_AFTER_MS);
  assert.equal(target.writes.length, 2, "the timer still armed finds nothing to write");
  assert.equal(clock.pendingTimers, 0);
});

Deno.test("flush writes what is queued now; close also makes later lines go at once", () => {
  const { clock, target, lines } = writer(recorder());
  lines.flush();
  assert.deepEqual(target.writes, [], "nothing queued, nothing written");
  lines.write("zero");
  lines.write("one");
  lines.write("two");
  lines.flush();
  assert.deepEqual(target.writes, ["zero\n", "one\ntwo\n"]);
  assert.equal(clock.pendingTimers, 0);
  lines.write("three");
  lines.close();
  assert.deepEqual(target.writes, ["zero\n", "one\ntwo\n", "three\n"]);
  lines.write("after close");
  assert.deepEqual(target.writes.at(-1), "after close\n");
  assert.equal(clock.pendingTimers, 0);
});

Deno.test("a write the target takes in parts is completed, in order", () => {
  const { target, lines } = writer(recorder(5));
  lines.write("abcdefghij");
  lines.write("klm");
  lines.flush();
  assert.equal(target.text(), "abcdefghij\nklm\n");
  assert.ok(target.writes.length > 1);
});

Deno.test("retarget: queued lines go to the old target, later ones to the new", () => {
  const { target, lines } = writer(recorder());
  lines.write("first");
  lines.write("before");
  const next = recorder();
  lines.retarget(next);
  lines.write("after");
  lines.flush();
  assert.deepEqual(target.writes, ["first\n", "before\n"]);
  assert.deepEqual(next.writes, ["after\n"]);
});

Deno.test("a failing target is reported once until a write succeeds again", () => {
  let failing = true;
  const written: string[] = [];
  const target = {
    writeSync(bytes: Uint8Array) {
      if (failing) throw new Error("broken pipe");
      written.push(new TextDecoder().decode(bytes));
      return bytes.length;
    },
  };
  const errors: string[] = [];
  const { lines } = writer(target, (err) => errors.push((err as Error).message));
  lines.write("lost 1");
  lines.flush();
  lines.write("lost 2");
  lines.flush();
  assert.deepEqual(errors, ["broken pipe"]);
  failing = false;
  lines.write("kept");
  lines.flush();
  assert.deepEqual(written, ["kept\n"]);
  failing = true;
  lines.write("lost 3");
  lines.flush();
  assert.deepEqual(errors, ["broken pipe", "broken pipe"]);
});

Deno.test("maxWriteBytes: each write ends at a line's end and stays under the limit (--workers)", () => {
  const target = recorder();
  const clock = new ManualClock();
  const lines = new BufferedLineWriter(target, {
    clock,
    onWriteError: () => {},
    maxWriteBytes: PIPE_BUF,
  });
  const sent = Array.from({ length: 120 }, (_, i) => `{"n":${i},"pad":"${"é".repeat(150)}"}`);
  for (const line of sent) lines.write(line);
  lines.write("x".repeat(PIPE_BUF + 10)); // one line over the limit goes whole, on its own
  lines.flush();
  assert.equal(target.text(), [...sent, "x".repeat(PIPE_BUF + 10)].join("\n") + "\n");
  assert.ok(target.writes.length > 4, `${target.writes.length} writes`);
  for (const write of target.writes) {
    assert.ok(write.endsWith("\n"), "ends at a line's end");
    const bytes = new TextEncoder().encode(write).length;
    assert.ok(bytes <= PIPE_BUF || !write.slice(0, -1).includes("\n"), `${bytes} bytes`);
  }
});
