/** Engine-realism settings: prefix (KV) cache and prompt caching. */
import { bool, int, num } from "./value_types.ts";
import { PENDING_ENGINE } from "./pending.ts";
import { setting } from "./setting_spec.ts";

export const ENGINE_SETTINGS = {
  // KV cache
  kvCacheEnabled: setting({
    section: "kv_cache",
    name: "enabled",
    env: "FAKEAI_KV_CACHE_ENABLED",
    type: bool,
    default: true,
    doc: "Simulate a prefix (KV) cache with a KV-aware router.",
    pending: PENDING_ENGINE,
  }),
  kvCacheBlockSize: setting({
    section: "kv_cache",
    name: "block_size",
    env: "FAKEAI_KV_CACHE_BLOCK_SIZE",
    type: int(1, 1024),
    default: 16,
    doc: "KV block size in tokens.",
    pending: PENDING_ENGINE,
  }),
  kvCacheNumWorkers: setting({
    section: "kv_cache",
    name: "num_workers",
    env: "FAKEAI_KV_CACHE_NUM_WORKERS",
    type: int(1, 1024),
    default: 4,
    doc: "Number of simulated workers.",
    pending: PENDING_ENGINE,
  }),
  kvOverlapWeight: setting({
    section: "kv_cache",
    name: "overlap_weight",
    env: "FAKEAI_KV_OVERLAP_WEIGHT",
    type: num(0, 1000),
    default: 1.0,
    doc: "Router weight of uncached prompt blocks against worker load.",
    pending: PENDING_ENGINE,
  }),

  // prompt caching
  enablePromptCaching: setting({
    section: "prompt_caching",
    name: "enable_prompt_caching",
    env: "FAKEAI_ENABLE_PROMPT_CACHING",
    type: bool,
    default: true,
    doc: "OpenAI-style prompt caching (cached_tokens in usage).",
    pending: PENDING_ENGINE,
  }),
  cacheTtlSeconds: setting({
    section: "prompt_caching",
    name: "cache_ttl_seconds",
    env: "FAKEAI_CACHE_TTL_SECONDS",
    type: num(0),
    default: 600,
    doc: "Prompt cache entry lifetime in seconds.",
    pending: PENDING_ENGINE,
  }),
  minTokensForCache: setting({
    section: "prompt_caching",
    name: "min_tokens_for_cache",
    env: "FAKEAI_MIN_TOKENS_FOR_CACHE",
    type: int(0),
    default: 1024,
    doc: "Minimum prompt length for prompt caching.",
    pending: PENDING_ENGINE,
  }),
} as const;
