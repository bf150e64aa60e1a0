/** MSB-first bit reader for the container parsers in these tests. */
export class BitReader {
  pos = 0; // in bits

  constructor(readonly bytes: Uint8Array, startByte = 0) {
    this.pos = startByte * 8;
  }

  read(bits: number): number {
    let value = 0;
    for (let i = 0; i < bits; i++) {
      const byte = this.bytes[this.pos >> 3];
      if (byte === undefined) throw new RangeError("read past the end");
      value = value * 2 + ((byte >> (7 - (this.pos & 7))) & 1);
      this.pos++;
    }
    return value;
  }

  signed(bits: number): number {
    const v = this.read(bits);
    return v >= 2 ** (bits - 1) ? v - 2 ** bits : v;
  }

  unary(): number {
    let zeros = 0;
    while (this.read(1) === 0) zeros++;
    return zeros;
  }

  align(): void {
    this.pos = Math.ceil(this.pos / 8) * 8;
  }

  get byte(): number {
    return this.pos >> 3;
  }
}
