/** The models FakeAI lists: the configured ones plus every model a request has named. */

export interface ModelObject {
  id: string;
  object: "model";
  created: number;
  owned_by: string;
}

/** Bound on models added by requests, so a client cannot grow memory without limit. */
const MAX_DYNAMIC_MODELS = 10_000;

export class ModelRegistry {
  #models = new Map<string, ModelObject>();
  #dynamic = 0;

  constructor(
    configured: readonly string[],
    private readonly created: number,
    private readonly strict: boolean,
  ) {
    for (const id of configured) this.#models.set(id, makeModel(id, created));
  }

  list(): ModelObject[] {
    return [...this.#models.values()];
  }

  get(id: string): ModelObject | undefined {
    return this.#models.get(id);
  }

  /** Makes a requested model known. false when strict mode rejects an unlisted id. */
  admit(id: string): boolean {
    if (this.#models.has(id)) return true;
    if (this.strict) return false;
    if (this.#dynamic < MAX_DYNAMIC_MODELS) {
      this.#models.set(id, makeModel(id, this.created));
      this.#dynamic++;
    }
    return true;
  }
}

function makeModel(id: string, created: number): ModelObject {
  return { id, object: "model", created, owned_by: ownerOf(id) };
}

export function ownerOf(id: string): string {
  const slash = id.indexOf("/");
  if (slash > 0) return id.slice(0, slash);
  if (id.startsWith("ft:")) return id.split(":")[2] || "fakeai";
  if (/^(gpt-|o\d|text-|dall-e|tts-|whisper|omni-|chatgpt|davinci|babbage|codex)/i.test(id)) {
    return "openai";
  }
  return "fakeai";
}
