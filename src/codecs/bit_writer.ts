/** MSB-first bit writer (FLAC and AAC bitstreams), growing as needed. */

export class BitWriter {
  #buf = new Uint8Array(1024);
  #bytes = 0;
  #acc = 0;
  #accBits = 0;

  /** Writes the low `bits` bits of `value` (0 ≤ bits ≤ 32), most significant first. */
  write(value: number, bits: number): void {
    while (bits > 0) {
      const take = Math.min(bits, 8 - this.#accBits);
      const shift = bits - take;
      const chunk = Math.floor(value / 2 ** shift) & ((1 << take) - 1);
      this.#acc = (this.#acc << take) | chunk;
      this.#accBits += take;
      bits -= take;
      if (this.#accBits === 8) this.#flushByte();
    }
  }

  /** `count` zero bits then a one (Rice/unary quotient). */
  unary(count: number): void {
    while (count >= 24) {
      this.write(0, 24);
      count -= 24;
    }
    this.write(1, count + 1);
  }

  /** Pads with zero bits to the next byte boundary. */
  align(): void {
    if (this.#accBits > 0) this.write(0, 8 - this.#accBits);
  }

  get bitLength(): number {
    return this.#bytes * 8 + this.#accBits;
  }

  /** The bytes written so far (call align() first for a whole last byte). */
  bytes(): Uint8Array {
    return this.#buf.subarray(0, this.#bytes);
  }

  #flushByte(): void {
    if (this.#bytes === this.#buf.length) {
      const bigger = new Uint8Array(this.#buf.length * 2);
      bigger.set(this.#buf);
      this.#buf = bigger;
    }
    this.#buf[this.#bytes++] = this.#acc;
    this.#acc = 0;
    this.#accBits = 0;
  }
}
