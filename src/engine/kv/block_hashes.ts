/**
 * vLLM-style chained block hashes: the prompt's token ids are cut into blocks of `blockSize`;
 * block i's hash covers its parent's hash and its own tokens, so equal prefixes share hashes
 * and a block's hash identifies its whole prefix. Only full blocks are hashed. The model id
 * salts the first parent, keeping models apart. Two 32-bit lanes make a 53-bit hash.
 */
import { hashString } from "../../util/prng.ts";

export function blockHashes(
  tokenIds: ArrayLike<number>,
  blockSize: number,
  salt: string,
): number[] {
  const blocks = Math.floor(tokenIds.length / blockSize);
  const out = new Array<number>(blocks);
  let parent = hashString(salt);
  for (let b = 0; b < blocks; b++) {
    let h1 = (parent >>> 0) ^ 0x9e3779b9;
    let h2 = Math.floor(parent / 4294967296) ^ 0x85ebca6b;
    const start = b * blockSize;
    for (let i = start; i < start + blockSize; i++) {
      const t = tokenIds[i];
      h1 = Math.imul(h1 ^ t, 0xcc9e2d51);
      h1 = (h1 << 15) | (h1 >>> 17);
      h2 = Math.imul(h2 ^ t, 0x1b873593);
      h2 = (h2 << 13) | (h2 >>> 19);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b) ^ Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 0x85ebca6b) ^ Math.imul(h1 ^ (h1 >>> 13), 0xc2b2ae35);
    parent = (h2 & 0x1fffff) * 4294967296 + (h1 >>> 0);
    out[b] = parent;
  }
  return out;
}
