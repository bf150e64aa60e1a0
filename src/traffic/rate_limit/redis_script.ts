/**
 * token_bucket.ts's arithmetic as one Lua script, so that refill, check, take and expiry happen
 * atomically inside Redis in a single round trip. The time is Redis's own (TIME), so replicas
 * whose clocks disagree still agree on every bucket.
 *
 * KEYS[1]: the key's hash {r = requests, t = tokens, ts = ms of the last update}.
 * ARGV: mode ("take" | "settle"), requests capacity, requests per ms, tokens capacity,
 *       tokens per ms, requests cost, tokens cost (settle: the token delta, negative = refund).
 * Returns {status, requests left, tokens left} (status as in token_bucket.ts; amounts as text:
 * Redis would truncate Lua numbers to integers).
 */
import { createHash } from "node:crypto";
import type { LuaScript } from "../../state/redis_client.ts";

const SOURCE = `
if redis.replicate_commands then redis.replicate_commands() end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local mode = ARGV[1]
local capR, rateR = tonumber(ARGV[2]), tonumber(ARGV[3])
local capT, rateT = tonumber(ARGV[4]), tonumber(ARGV[5])
local costR, costT = tonumber(ARGV[6]), tonumber(ARGV[7])

local saved = redis.call('HMGET', KEYS[1], 'r', 't', 'ts')
local r, t, ts = tonumber(saved[1]), tonumber(saved[2]), tonumber(saved[3])
if r == nil or t == nil or ts == nil then
  r, t, ts = capR, capT, now
end
local elapsed = math.max(0, now - ts)
r = math.min(capR, r + elapsed * rateR)
t = math.min(capT, t + elapsed * rateT)
now = math.max(now, ts)

local status = 0
if mode == 'take' then
  if costT > capT then status = 3
  elseif r < costR then status = 1
  elseif costT > 0 and t < costT then status = 2
  else
    r = r - costR
    t = t - costT
  end
else
  t = math.min(capT, t - costT)
end

redis.call('HSET', KEYS[1], 'r', string.format('%.17g', r), 't', string.format('%.17g', t),
  'ts', string.format('%.3f', now))
local full = 0
if r < capR then full = (capR - r) / rateR end
if t < capT then full = math.max(full, (capT - t) / rateT) end
redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil(full)))
return {status, string.format('%.17g', r), string.format('%.17g', t)}
`;

export const RATE_LIMIT_SCRIPT: LuaScript = {
  source: SOURCE,
  sha1: createHash("sha1").update(SOURCE).digest("hex"),
};
