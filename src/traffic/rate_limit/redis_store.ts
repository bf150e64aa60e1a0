/**
 * Buckets in Redis, shared by every replica pointed at it. Each admission is ONE round trip: the
 * cached Lua script (EVALSHA) refills, checks, takes and sets the key's expiry atomically.
 * Settlement is a second, separate call made when the request has ended.
 */
import type { RedisClient } from "../../state/redis_client.ts";
import { RATE_LIMIT_SCRIPT } from "./redis_script.ts";
import type { AdmitOutcome, RateLimitStore } from "./rate_limit_store.ts";
import type { Cost, PairLimits, TakeStatus } from "./token_bucket.ts";

export const REDIS_KEY_PREFIX = "fakeai:ratelimit:";

export class RedisRateLimitStore implements RateLimitStore {
  readonly kind = "redis";

  constructor(readonly client: RedisClient) {}

  async admit(key: string, limits: PairLimits, cost: Cost): Promise<AdmitOutcome> {
    const reply = await this.#run("take", key, limits, cost.requests, cost.tokens);
    const status = Number(reply[0]);
    if (![0, 1, 2, 3].includes(status)) throw new Error(`unexpected script status ${reply[0]}`);
    return { status: status as TakeStatus, requests: Number(reply[1]), tokens: Number(reply[2]) };
  }

  async settle(key: string, limits: PairLimits, tokensDelta: number): Promise<void> {
    await this.#run("settle", key, limits, 0, tokensDelta);
  }

  close(): Promise<void> {
    return this.client.close();
  }

  async #run(
    mode: "take" | "settle",
    key: string,
    limits: PairLimits,
    requests: number,
    tokens: number,
  ): Promise<unknown[]> {
    const reply = await this.client.evalScript(RATE_LIMIT_SCRIPT, [REDIS_KEY_PREFIX + key], [
      mode,
      limits.requests.capacity,
      limits.requests.perMs,
      limits.tokens.capacity,
      limits.tokens.perMs,
      requests,
      tokens,
    ]);
    if (!Array.isArray(reply) || reply.length !== 3) {
      throw new Error(`unexpected reply from the rate-limit script: ${JSON.stringify(reply)}`);
    }
    return reply;
  }
}
