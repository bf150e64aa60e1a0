/**
 * An encoding whose tables are built on first use: o200k_base takes about 5 MB and 40–70 ms to
 * build, cl100k_base half that, so a server only ever asked for one family never builds the
 * other. `load()` builds in slices that yield, for callers that can wait; `get()` finishes the
 * build at once (whatever a load has done so far counts), so no caller ever waits or fails.
 */
import { BpeEncoding } from "./bpe_encoding.ts";
import { encodingData, type EncodingName } from "./encoding_data.ts";
import { timeSlicer } from "../util/cooperative.ts";

export class LazyEncoding {
  #built?: BpeEncoding;
  #steps?: Generator<void, BpeEncoding>;
  #loading?: Promise<void>;

  constructor(private readonly name: EncodingName) {}

  get loaded(): boolean {
    return this.#built !== undefined;
  }

  get(): BpeEncoding {
    while (!this.#built) this.#step();
    return this.#built;
  }

  load(): Promise<void> {
    if (this.#built) return Promise.resolve();
    return this.#loading ??= (async () => {
      const slice = timeSlicer();
      while (!this.#step()) await slice();
    })();
  }

  /** One step of the build; true once it is built. A failed build starts over on the next call. */
  #step(): boolean {
    if (this.#built) return true;
    try {
      const step = (this.#steps ??= BpeEncoding.build(encodingData(this.name))).next();
      if (step.done) this.#built = step.value;
    } catch (error) {
      this.#steps = undefined;
      this.#loading = undefined;
      throw error;
    }
    return this.#built !== undefined;
  }
}
