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

/**
 * Where the Responses API keeps them: a ResponseStore, or in a worker isolate of a multi-worker
 * server the owner's store, reached by calls.
 */
export interface ResponseBook {
  get(id: string): StoredResponse | undefined | Promise<StoredResponse | undefined>;
  put(id: string, entry: StoredResponse): void | Promise<void>;
  delete(id: string): boolean | Promise<boolean>;
}

export class ResponseStore implements ResponseBook {
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
