/** LruTable against a Map and an array as reference, through many random operations. */
import assert from "node:assert/strict";
import { LruTable } from "../../../src/engine/kv/lru_table.ts";
import { createPrng } from "../../../src/util/prng.ts";

function listed(table: LruTable): number[] {
  const keys: number[] = [];
  for (let e = table.head; e >= 0; e = table.after(e)) keys.push(table.key(e));
  return keys;
}

Deno.test("lru table: finds, inserts, removes and lists exactly like a Map, through collisions", () => {
  for (const capacity of [1, 3, 16, 200]) {
    const prng = createPrng(capacity);
    const table = new LruTable(capacity);
    const reference = new Map<number, number>();
    let order: number[] = [];
    // Few distinct keys, many with equal low bits: probe runs, wrap-around, backward shifts.
    const keyOf = () =>
      (prng.int(capacity * 3) + 1) * 4294967296 * (prng.int(2) ? 1 : 0) +
      prng.int(capacity * 3) * 1024;
    for (let step = 0; step < 5_000; step++) {
      const key = keyOf();
      const entry = table.find(key);
      assert.equal(entry >= 0, reference.has(key), `find ${key}`);
      if (entry >= 0) {
        assert.equal(table.value(entry), reference.get(key));
        if (prng.int(2)) {
          table.unlink(entry);
          table.remove(entry);
          reference.delete(key);
          order = order.filter((k) => k !== key);
        } else {
          table.unlink(entry);
          table.append(entry);
          order = [...order.filter((k) => k !== key), key];
        }
      } else if (table.size < capacity) {
        const value = prng.int(1_000_000);
        table.append(table.insert(key, value));
        reference.set(key, value);
        order.push(key);
      } else {
        const oldest = table.head;
        assert.equal(table.key(oldest), order[0]);
        table.unlink(oldest);
        table.remove(oldest);
        reference.delete(order.shift()!);
      }
      assert.equal(table.size, reference.size);
    }
    assert.deepEqual(listed(table), order);
    for (const [key, value] of reference) assert.equal(table.value(table.find(key)), value);
  }
});

Deno.test("lru table: a second view of the same buffer sees and changes the same entries", () => {
  const a = new LruTable(8);
  const b = new LruTable(8, a.buffer);
  const entry = a.insert(2 ** 52 + 7, 42);
  a.append(entry);
  a.counters[0] = 5;
  assert.equal(b.find(2 ** 52 + 7), entry);
  assert.equal(b.value(entry), 42);
  assert.equal(b.counters[0], 5);
  b.unlink(entry);
  b.remove(entry);
  assert.equal(a.size, 0);
  assert.equal(a.find(2 ** 52 + 7), -1);
  assert.ok(LruTable.bytesFor(1000) < 64 * 1024, "about 36 bytes per entry");
});
