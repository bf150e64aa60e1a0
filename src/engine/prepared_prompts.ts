/**
 * What planning a chat prompt costs in proportion to its size (its text, that text's hash, its
 * token ids for the prefix caches), worked out ahead of the synchronous planner in slices that
 * yield, for prompts too large to do in one go. The planner finds it by the message list.
 */
import { hashStringSliced } from "../util/prng.ts";
import { chatPromptTokenIdsSliced } from "./kv/prompt_token_ids.ts";
import { type ChatMessageLike, chatPromptText } from "./prompt_tokens.ts";
import type { Tokenizer } from "./tokenizer.ts";

export interface PreparedPrompt {
  text: string;
  textHash: number;
  /** Present when the prefix caches want ids. */
  tokenIds?: number[];
}

const prepared = new WeakMap<readonly ChatMessageLike[], PreparedPrompt>();

export async function prepareChatPrompt(
  tokenizer: Tokenizer,
  messages: readonly ChatMessageLike[],
  wantIds: boolean,
  pause: () => Promise<void>,
): Promise<void> {
  const text = chatPromptText(messages);
  await pause();
  const textHash = await hashStringSliced(text, pause);
  const tokenIds = wantIds ? await chatPromptTokenIdsSliced(tokenizer, messages, pause) : undefined;
  prepared.set(messages, { text, textHash, tokenIds });
}

/** The preparation of exactly this message list, if it was prepared. */
export function preparedChatPrompt(
  messages: readonly ChatMessageLike[],
): PreparedPrompt | undefined {
  return prepared.get(messages);
}
