/**
 * The encodings of recently seen pre-tokenized pieces, so that frequent words skip the UTF-8
 * conversion and table lookup (and merges) that the first sight of them costs. Bounded: two
 * generations of at most `perGeneration` entries; when the newer one fills up, the older one is
 * dropped, and a piece found there moves to the newer one.
 */

/**
 * Shorter substrings are copies; longer ones may be slices that keep the whole text they came
 * from (a multi-megabyte prompt) alive, so they are not remembered.
 */
const MAX_PIECE_CHARS = 12;

export class PieceCache<V> {
  #newer = new Map<string, V>();
  #older = new Map<string, V>();

  constructor(private readonly perGeneration: number) {}

  get(piece: string): V | undefined {
    const value = this.#newer.get(piece);
    if (value !== undefined) return value;
    const old = this.#older.get(piece);
    if (old !== undefined) this.set(piece, old);
    return old;
  }

  set(piece: string, value: V): void {
    if (piece.length > MAX_PIECE_CHARS) return;
    this.#newer.set(piece, value);
    if (this.#newer.size >= this.perGeneration) {
      this.#older = this.#newer;
      this.#newer = new Map();
    }
  }
}
