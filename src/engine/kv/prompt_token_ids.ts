/**
 * The token ids a serving engine would see for a chat prompt, for prefix caching: per message
 * `<|start|> role <|message|> text <|end|>`, where the three markers are single ids outside the
 * vocabulary — so a text-only message has exactly as many ids as OpenAI's count gives it (3 +
 * role + content), and cached tokens stay whole blocks within prompt_tokens. Per-message
 * encodings are memoised (a repeated system prompt costs one map lookup), bounded in size.
 */
import type { ChatMessageLike } from "../prompt_tokens.ts";
import { chatPromptText } from "../prompt_tokens.ts";
import type { Tokenizer } from "../tokenizer.ts";

const MEMO_LIMIT = 4096;
// Marker ids beyond both vocabularies: they only feed the block hashes.
const START = 1_000_001;
const MESSAGE = 1_000_002;
const END = 1_000_003;
const memos = new WeakMap<Tokenizer, Map<string, number[]>>();

export function chatPromptTokenIds(
  tokenizer: Tokenizer,
  messages: readonly ChatMessageLike[],
): number[] {
  const ids: number[] = [];
  for (const message of messages) appendMessageIds(ids, tokenizer, message);
  return ids;
}

/** chatPromptTokenIds with `pause()` after each message (for prompts prepared ahead of planning). */
export async function chatPromptTokenIdsSliced(
  tokenizer: Tokenizer,
  messages: readonly ChatMessageLike[],
  pause: () => Promise<void>,
): Promise<number[]> {
  const ids: number[] = [];
  for (const message of messages) {
    appendMessageIds(ids, tokenizer, message);
    await pause();
  }
  return ids;
}

function appendMessageIds(ids: number[], tokenizer: Tokenizer, message: ChatMessageLike): void {
  let memo = memos.get(tokenizer);
  if (!memo) {
    memo = new Map();
    memos.set(tokenizer, memo);
  }
  const text = chatPromptText([message]);
  const rendered = `${message.role}\u0000${text}`;
  let encoded = memo.get(rendered);
  if (!encoded) {
    encoded = [START, ...tokenizer.encode(message.role), MESSAGE, ...tokenizer.encode(text), END];
    if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
    memo.set(rendered, encoded);
  }
  for (const id of encoded) ids.push(id);
}
