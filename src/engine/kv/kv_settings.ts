/** Prefix-cache settings from the configuration, including the documented KV memory model. */
import type { Config } from "../../config/schema.ts";
import type { KvCacheSettings } from "./kv_cache.ts";

const GIB = 1024 ** 3;

/** Blocks per worker: (gpu_memory × utilization − weights) ÷ (bytes_per_token × block_size). */
export function derivedBlocksPerWorker(config: Config): number {
  const kvBytes = (config.kvCacheGpuMemoryGb * config.kvCacheGpuMemoryUtilization -
    config.kvCacheModelWeightsGb) * GIB;
  return Math.max(1, Math.floor(kvBytes / (config.kvCacheBytesPerToken * config.kvCacheBlockSize)));
}

export function kvCacheSettings(config: Config): KvCacheSettings {
  return {
    kvEnabled: config.kvCacheEnabled,
    blockSize: config.kvCacheBlockSize,
    workers: config.kvCacheNumWorkers,
    blocksPerWorker: config.kvCacheBlocksPerWorker ?? derivedBlocksPerWorker(config),
    overlapWeight: config.kvOverlapWeight,
    policy: config.kvRouterPolicy,
    promptCachingEnabled: config.enablePromptCaching,
    promptCacheTtlSeconds: config.cacheTtlSeconds,
    promptCacheMinTokens: config.minTokensForCache,
    promptCacheMaxEntries: config.promptCacheMaxEntries,
    seed: config.seed,
  };
}
