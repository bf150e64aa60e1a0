/** Engine-realism settings: prefix (KV) cache and prompt caching. */
import { bool, int, num, oneOf, optional } from "./value_types.ts";
import { ENGINE_PROFILE_NAMES } from "./choices.ts";
import { setting } from "./setting_definition.ts";

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
    doc:
      "Prompt caching: OpenAI's automatic kind (cached_tokens in usage) and Anthropic's cache_control breakpoints.",
  }),
  cacheTtlSeconds: setting({
    section: "prompt_caching",
    name: "cache_ttl_seconds",
    env: "FAKEAI_CACHE_TTL_SECONDS",
    type: num(0),
    default: 600,
    doc:
      "Lifetime of OpenAI-style prompt cache entries in seconds (Anthropic breakpoints live 5 minutes, or 1 hour with ttl 1h).",
  }),
  minTokensForCache: setting({
    section: "prompt_caching",
    name: "min_tokens_for_cache",
    env: "FAKEAI_MIN_TOKENS_FOR_CACHE",
    type: int(0),
    default: 1024,
    doc:
      "Minimum prompt length for prompt caching (both kinds; an Anthropic breakpoint's prefix below it is not cached).",
  }),
  promptCacheMaxEntries: setting({
    section: "prompt_caching",
    name: "max_entries",
    env: "FAKEAI_PROMPT_CACHE_MAX_ENTRIES",
    type: int(1, 100_000_000),
    default: 100_000,
    doc: "Cap on cached prompt prefixes (oldest dropped first).",
  }),

  // latency model
  latencyMode: setting({
    section: "engine",
    name: "latency_mode",
    env: "FAKEAI_LATENCY_MODE",
    type: oneOf(["fixed", "engine"]),
    default: "fixed",
    doc:
      "fixed: the configured TTFT/ITL whatever the load. engine: continuous batching per worker — queueing, prefill of uncached tokens, decode steps that slow down as the batch grows.",
  }),
  engineProfile: setting({
    section: "engine",
    name: "profile",
    env: "FAKEAI_ENGINE_PROFILE",
    type: oneOf(ENGINE_PROFILE_NAMES),
    default: "small-h100",
    doc:
      "Ready-made engine parameters (small/large model on H100 or A100); the settings below override single values.",
  }),
  engineMaxNumSeqs: setting({
    section: "engine",
    name: "max_num_seqs",
    env: "FAKEAI_ENGINE_MAX_NUM_SEQS",
    type: optional(int(1, 1_000_000)),
    default: null,
    doc:
      "Sequences running at once per worker (vLLM --max-num-seqs); more wait in the queue. Unset: the profile's.",
  }),
  engineMaxQueue: setting({
    section: "engine",
    name: "max_queue",
    env: "FAKEAI_ENGINE_MAX_QUEUE",
    type: int(0, 10_000_000),
    default: 1024,
    doc: "Waiting requests per worker before new ones are rejected.",
  }),
  engineQueueFullStatus: setting({
    section: "engine",
    name: "queue_full_status",
    env: "FAKEAI_ENGINE_QUEUE_FULL_STATUS",
    type: oneOf(["429", "503"]),
    default: "429",
    doc: "HTTP status when a worker's queue is full (with retry-after).",
  }),
  enginePrefillBaseMs: setting({
    section: "engine",
    name: "prefill_base_ms",
    env: "FAKEAI_ENGINE_PREFILL_BASE_MS",
    type: optional(num(0, 3_600_000)),
    default: null,
    doc: "Fixed part of a prefill, ms. Unset: the profile's.",
  }),
  enginePrefillPerTokenMs: setting({
    section: "engine",
    name: "prefill_per_token_ms",
    env: "FAKEAI_ENGINE_PREFILL_PER_TOKEN_MS",
    type: optional(num(0, 3_600_000)),
    default: null,
    doc: "Prefill time per uncached prompt token, ms. Unset: the profile's.",
  }),
  engineDecodeBaseMs: setting({
    section: "engine",
    name: "decode_base_ms",
    env: "FAKEAI_ENGINE_DECODE_BASE_MS",
    type: optional(num(0, 3_600_000)),
    default: null,
    doc: "Decode step time with an empty batch, ms. Unset: the profile's.",
  }),
  engineDecodePerSeqMs: setting({
    section: "engine",
    name: "decode_per_seq_ms",
    env: "FAKEAI_ENGINE_DECODE_PER_SEQ_MS",
    type: optional(num(0, 3_600_000)),
    default: null,
    doc: "Extra decode step time per running sequence, ms. Unset: the profile's.",
  }),
} as const;
