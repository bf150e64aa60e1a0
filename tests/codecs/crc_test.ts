import assert from "node:assert/strict";
import { crc16, crc32Ogg, crc8 } from "../../src/codecs/crc.ts";
import { BitWriter } from "../../src/codecs/bit_writer.ts";

const CHECK = new TextEncoder().encode("123456789");

Deno.test("CRCs match the catalogued check values of their parameter sets", () => {
  assert.equal(crc8(CHECK), 0xf4); // CRC-8 (poly 0x07, init 0): FLAC frame header
  assert.equal(crc16(CHECK), 0xfee8); // CRC-16/UMTS (poly 0x8005, init 0): FLAC frame footer
  assert.equal(crc32Ogg(CHECK), 0x89a1897f); // poly 0x04C11DB7, init 0, no xorout: Ogg
});

Deno.test("BitWriter packs MSB first across byte boundaries", () => {
  const w = new BitWriter();
  w.write(0b101, 3);
  w.write(0x1ff, 9);
  w.unary(2);
  w.write(0xdeadbeef, 32);
  w.align();
  assert.equal(w.bitLength % 8, 0);
  // 101 111111111 001 11011110101011011011111011101111 0
  assert.deepEqual(Array.from(w.bytes()), [0xbf, 0xf3, 0xbd, 0x5b, 0x7d, 0xde]);
});
