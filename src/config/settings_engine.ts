/** Engine-realism settings: prefix (KV) cache and prompt caching. */
import { bool, int, num, oneOf, optional } from "./value_types.ts";
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
  }),
  kvCacheBlockSize: setting({
    section: "kv_cache",
    name: "block_size",
    env: "FAKEAI_KV_CACHE_BLOCK_SIZE",
    type: int(1, 1024),
    default: 16,
    doc: "KV block size in tokens.",
  }),
  kvCacheNumWorkers: setting({
    section: "kv_cache",
    name: "num_workers",
    env: "FAKEAI_KV_CACHE_NUM_WORKERS",
    type: int(1, 1024),
    default: 4,
    doc: "Number of simulated workers.",
  }),
  kvOverlapWeight: setting({
    section: "kv_cache",
    name: "overlap_weight",
    env: "FAKEAI_KV_OVERLAP_WEIGHT",
    type: num(0, 1000),
    default: 1.0,
    doc: "Router weight of uncached prompt blocks against worker load.",
  }),

  kvRouterPolicy: setting({
    section: "kv_cache",
    name: "router_policy",
    env: "FAKEAI_KV_ROUTER_POLICY",
    type: oneOf(["kv", "round_robin", "random"]),
    default: "kv",
    doc:
      "Worker choice: kv = cheapest overlap_weight × uncached prompt blocks + the worker's active blocks; round_robin and random ignore the cache.",
  }),
  kvCacheBlocksPerWorker: setting({
    section: "kv_cache",
    name: "blocks_per_worker",
    env: "FAKEAI_KV_CACHE_BLOCKS_PER_WORKER",
    type: optional(int(1, 100_000_000)),
    default: null,
    doc:
      "KV blocks per worker. Unset: (gpu_memory_gb × gpu_memory_utilization − model_weights_gb) GiB ÷ (bytes_per_token × block_size).",
  }),
  kvCacheGpuMemoryGb: setting({
    section: "kv_cache",
    name: "gpu_memory_gb",
    env: "FAKEAI_KV_CACHE_GPU_MEMORY_GB",
    type: num(1, 100_000),
    default: 80,
    doc: "GPU memory per worker in GiB (memory model for the KV capacity).",
  }),
  kvCacheGpuMemoryUtilization: setting({
    section: "kv_cache",
    name: "gpu_memory_utilization",
    env: "FAKEAI_KV_CACHE_GPU_MEMORY_UTILIZATION",
    type: num(0.01, 1),
    default: 0.9,
    doc: "Share of GPU memory the engine may use (vLLM's --gpu-memory-utilization).",
  }),
  kvCacheModelWeightsGb: setting({
    section: "kv_cache",
    name: "model_weights_gb",
    env: "FAKEAI_KV_CACHE_MODEL_WEIGHTS_GB",
    type: num(0, 100_000),
    default: 16,
    doc: "Memory taken by the model weights in GiB (16: an 8B model in bf16).",
  }),
  kvCacheBytesPerToken: setting({
    section: "kv_cache",
    name: "bytes_per_token",
    env: "FAKEAI_KV_CACHE_BYTES_PER_TOKEN",
    type: int(1, 100_000_000),
    default: 131_072,
    doc:
      "KV bytes per token: 2 × layers × kv_heads × head_dim × dtype bytes (131072: Llama-3-8B in bf16).",
  }),
  kvCacheTtftFloor: setting({
    section: "kv_cache",
    name: "ttft_floor",
    env: "FAKEAI_KV_CACHE_TTFT_FLOOR",
    type: num(0, 1),
    default: 0.2,
    doc:
      "Fixed latency mode: TTFT × (floor + (1 − floor) × uncached share of the prompt), so a fully cached prompt takes floor × TTFT.",
  }),

  // prompt caching
  enablePromptCaching: setting({
    section: "prompt_caching",
    name: "enable_prompt_caching",
    env: "FAKEAI_ENABLE_PROMPT_CACHING",
    type: bool,
    default: true,
    doc: "OpenAI-style prompt caching (cached_tokens in usage).",
  }),
  cacheTtlSeconds: setting({
    section: "prompt_caching",
    name: "cache_ttl_seconds",
    env: "FAKEAI_CACHE_TTL_SECONDS",
    type: num(0),
    default: 600,
    doc: "Prompt cache entry lifetime in seconds.",
  }),
  minTokensForCache: setting({
    section: "prompt_caching",
    name: "min_tokens_for_cache",
    env: "FAKEAI_MIN_TOKENS_FOR_CACHE",
    type: int(0),
    default: 1024,
    doc: "Minimum prompt length for prompt caching.",
  }),
  promptCacheMaxEntries: setting({
    section: "prompt_caching",
    name: "max_entries",
    env: "FAKEAI_PROMPT_CACHE_MAX_ENTRIES",
    type: int(1, 100_000_000),
    default: 100_000,
    doc: "Cap on cached prompt prefixes (oldest dropped first).",
  }),
} as const;
