/**
 * Anthropic's prompt caching, as the prefixes the engine's prompt cache reads and writes.
 *
 * A block with `cache_control` (or the last cacheable block, for a top-level `cache_control`) is
 * a breakpoint: the whole prompt through it (tools, then system, then messages) is cached for
 * 5 minutes, or an hour with `ttl: "1h"`. At most 4 per request, and an hour-long one may not
 * follow a 5-minute one. A request reads the longest live prefix ending at a breakpoint or at any
 * of the 20 blocks before one (so a conversation that moves its breakpoint forward still finds
 * the previous turn's), and writes the tokens from there through its last breakpoint. A prefix is
 * known by its blocks' content (cache_control aside), their places and the model.
 */
import { errors } from "../../server/errors.ts";
import type { CachePrefix } from "../../engine/kv/prompt_cache.ts";
import { deriveSeed, hashString, hashStringSliced } from "../../util/prng.ts";
import type { PromptBlock } from "./prompt_blocks.ts";
import type { CacheControl } from "./messages_schema.ts";

export const MAX_BREAKPOINTS = 4;
/** Block boundaries before a breakpoint where a cached prefix is still found. */
export const LOOKBACK_BLOCKS = 20;
export const CACHE_TTL_MS = { "5m": 5 * 60_000, "1h": 60 * 60_000 } as const;
/** Blocks this long are hashed in slices that yield. */
const LONG_BLOCK_CHARS = 1 << 20;

export interface Breakpoint {
  block: number;
  ttlMs: number;
}

/**
 * The request's breakpoints in cache order; throws Anthropic's 400 for more than 4, or an hour
 * after five minutes. `automatic` is the top-level cache_control.
 */
export function breakpointsOf(
  blocks: readonly PromptBlock[],
  automatic: CacheControl,
): Breakpoint[] {
  const marked = blocks.flatMap((b, block) =>
    b.cacheControl ? [{ block, control: b.cacheControl }] : []
  );
  if (automatic) {
    const last = blocks.findLastIndex((b) => b.cacheable);
    if (last >= 0 && !blocks[last].cacheControl) marked.push({ block: last, control: automatic });
  }
  if (marked.length > MAX_BREAKPOINTS) {
    throw errors.invalidParam(
      null,
      `A maximum of ${MAX_BREAKPOINTS} blocks with cache_control may be provided. Found ${marked.length}.`,
    );
  }
  let shortSeen = false;
  return marked.map(({ block, control }) => {
    const ttl = control!.ttl ?? "5m";
    if (ttl === "1h" && shortSeen) {
      throw errors.invalidParam(
        `${blocks[block].path}.cache_control.ttl`,
        `${blocks[block].path}.cache_control.ttl: a ttl='1h' cache_control block must not come ` +
          "after a ttl='5m' cache_control block. Note that blocks are processed in the following " +
          "order: `tools`, `system`, `messages`.",
      );
    }
    shortSeen ||= ttl === "5m";
    return { block, ttlMs: CACHE_TTL_MS[ttl] };
  });
}

/**
 * The prefixes the prompt cache looks up (every block boundary within the lookback of a
 * breakpoint) and writes (the breakpoints), in order, with their keys and prompt tokens.
 * `tokens` is each block's share of the prompt (prompt_blocks.ts). Long blocks are hashed in
 * slices, `pause()` between them.
 */
export async function cachePrefixes(
  model: string,
  blocks: readonly PromptBlock[],
  tokens: readonly number[],
  breakpoints: readonly Breakpoint[],
  pause: () => Promise<void>,
): Promise<CachePrefix[]> {
  if (breakpoints.length === 0) return [];
  const ttlAt = new Map(breakpoints.map((b) => [b.block, b.ttlMs]));
  const looked = new Set<number>();
  for (const { block } of breakpoints) {
    for (let i = Math.max(0, block - LOOKBACK_BLOCKS); i <= block; i++) looked.add(i);
  }
  const last = breakpoints[breakpoints.length - 1].block;
  const prefixes: CachePrefix[] = [];
  let key = deriveSeed("anthropic prompt cache", model);
  let through = 0;
  for (let i = 0; i <= last; i++) {
    const text = `${blocks[i].path}\u0000${JSON.stringify(blocks[i].content)}`;
    const hash = text.length < LONG_BLOCK_CHARS
      ? hashString(text)
      : await hashStringSliced(text, pause, LONG_BLOCK_CHARS);
    key = deriveSeed(key, hash);
    through += tokens[i];
    if (looked.has(i)) prefixes.push({ key, tokens: through, ttlMs: ttlAt.get(i) ?? null });
    await pause();
  }
  return prefixes;
}
