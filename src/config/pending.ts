/** Work items that bring settings which are accepted but not active yet. */
export const PENDING_TRAFFIC = "traffic control (auth, rate limits, faults, security, safety)";
export const PENDING_ENGINE = "engine realism (KV cache, prompt caching)";
export const PENDING_API = "the rest of the OpenAI API";
export const PENDING_METRICS = "observability";
