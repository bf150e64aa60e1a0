import assert from "node:assert/strict";
import { ImageStore } from "../../../src/modalities/images/image_store.ts";
import { ManualClock } from "../../../src/util/clock.ts";

const bytes = (n: number) => new Uint8Array(n);

function store(maxImages = 100, maxBytes = 1_000_000, retentionMs = 60_000) {
  const clock = new ManualClock();
  return { clock, store: new ImageStore(clock, { maxImages, maxBytes, retentionMs }) };
}

Deno.test("image store: get returns what put stored, unknown ids are undefined", () => {
  const { store: s } = store();
  const png = new Uint8Array([1, 2, 3]);
  s.put("a", png);
  assert.equal(s.get("a")?.bytes, png);
  assert.equal(s.get("b"), undefined);
  assert.equal(s.count, 1);
  assert.equal(s.totalBytes, 3);
});

Deno.test("image store: the least recently used image goes when the count is exceeded", () => {
  const { store: s } = store(2);
  s.put("a", bytes(1));
  s.put("b", bytes(1));
  s.get("a"); // a is now more recent than b
  s.put("c", bytes(1));
  assert.ok(s.get("a"));
  assert.equal(s.get("b"), undefined);
  assert.ok(s.get("c"));
  assert.equal(s.count, 2);
});

Deno.test("image store: total bytes stay under the limit, oldest first", () => {
  const { store: s } = store(100, 10);
  s.put("a", bytes(4));
  s.put("b", bytes(4));
  s.put("c", bytes(4)); // 12 > 10: a goes
  assert.equal(s.get("a"), undefined);
  assert.equal(s.totalBytes, 8);
  s.put("big", bytes(25)); // alone over the limit: everything else goes, the newest stays
  assert.equal(s.count, 1);
  assert.equal(s.totalBytes, 25);
  assert.ok(s.get("big"));
});

Deno.test("image store: images expire a fixed time after creation, even when read", () => {
  const { clock, store: s } = store(100, 1_000_000, 1000);
  assert.equal(s.put("a", bytes(2)).expiresAt, 1000);
  clock.advance(600);
  s.put("b", bytes(3));
  assert.ok(s.get("a"), "reading does not extend the retention");
  clock.advance(399);
  assert.ok(s.get("a"));
  clock.advance(1);
  assert.equal(s.get("a"), undefined);
  assert.ok(s.get("b"));
  assert.equal(s.totalBytes, 3);
  clock.advance(600);
  assert.equal(s.get("b"), undefined);
  assert.equal(s.count, 0);
  assert.equal(s.totalBytes, 0);
});

Deno.test("image store: putting an id again replaces it without double counting", () => {
  const { store: s } = store();
  s.put("a", bytes(5));
  s.put("a", bytes(7));
  assert.equal(s.count, 1);
  assert.equal(s.totalBytes, 7);
});
