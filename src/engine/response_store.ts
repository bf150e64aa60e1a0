/** Stored Responses API results, bounded (least recently used are dropped first). */
import type { ChatMessageLike } from "./prompt_tokens.ts";

export interface StoredResponse {
  /** The response object as returned to the client. */
  response: Record<string, unknown>;
  /** The input items of this request (each with its id), as listed by /input_items. */
  inputItems: Array<Record<string, unknown> & { id: string }>;
  /** The whole conversation up to and including this response's output (no instructions). */
  conversation: ChatMessageLike[];
}

export class ResponseStore {
  #entries = new Map<string, StoredResponse>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.#entries.size;
  }

  put(id: string, entry: StoredResponse): void {
    this.#entries.delete(id);
    this.#entries.set(id, entry);
    while (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  get(id: string): StoredResponse | undefined {
    const entry = this.#entries.get(id);
    if (entry) {
      this.#entries.delete(id);
      this.#entries.set(id, entry);
    }
    return entry;
  }

  delete(id: string): boolean {
    return this.#entries.delete(id);
  }
}
