/** Decoding token ids that a client sent (embeddings input given as token arrays). */
import type { Tokenizer } from "./tokenizer.ts";

/** Four-byte characters; the first one a tokenizer splits into several byte-level tokens. */
const SENTINEL_CANDIDATES = ["🍕", "𓀀", "𐍈", "🜁", "𝔘"];

const sentinels = new WeakMap<Tokenizer, { ids: number[]; text: string }>();

/**
 * Decoding goes through ONE streaming TextDecoder shared by every tokenizer (as in gpt-tokenizer),
 * so ids that end inside a UTF-8 character leave bytes pending there, and they would surface at
 * the start of the next decode anywhere in the process. Tokens that are valid text on their own
 * bypass that decoder, so an ASCII token cannot flush it; a 4-byte character spread over
 * byte-level tokens can: pending bytes followed by its lead byte become U+FFFD, and the character
 * itself completes, leaving the decoder empty.
 */
function sentinelFor(tokenizer: Tokenizer): { ids: number[]; text: string } {
  let sentinel = sentinels.get(tokenizer);
  if (!sentinel) {
    const text = SENTINEL_CANDIDATES.find((c) => tokenizer.encode(c).length >= 2) ?? "🍕";
    sentinel = { ids: tokenizer.encode(text), text };
    sentinels.set(tokenizer, sentinel);
  }
  return sentinel;
}

/** The text of client-chosen ids (an incomplete trailing character as U+FFFD), or null when an
 * id is not in the vocabulary. Leaves the shared decoder empty either way. */
export function decodeClientTokens(tokenizer: Tokenizer, ids: readonly number[]): string | null {
  const sentinel = sentinelFor(tokenizer);
  try {
    const text = tokenizer.decode([...ids, ...sentinel.ids]);
    return text.endsWith(sentinel.text) ? text.slice(0, -sentinel.text.length) : text;
  } catch {
    // Unknown ids throw part-way, possibly after bytes reached the shared decoder: flush it.
    tokenizer.decode(sentinel.ids);
    return null;
  }
}
