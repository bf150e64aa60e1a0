/** The security middleware under a flood of distinct client addresses: memory stays bounded. */
import assert from "node:assert/strict";
import { Hono } from "hono";
import { type Config, defaultConfig } from "../../../src/config/schema.ts";
import { MetricsRegistry } from "../../../src/metrics/registry.ts";
import type { AppEnv } from "../../../src/server/app_env.ts";
import { ApiError, errorResponse, errors } from "../../../src/server/errors.ts";
import { memoryLogger } from "../../../src/util/logger.ts";
import { security } from "../../../src/traffic/security/security_middleware.ts";
import { AbuseTracker } from "../../../src/traffic/security/abuse_tracker.ts";
import { abuseOptionsOf } from "../../../src/traffic/security/security_config.ts";
import { ManualClock } from "../../../src/util/clock.ts";

Deno.test("100k distinct attacking addresses: the abuse table stays at its cap", async () => {
  const config = {
    ...defaultConfig(),
    enableAbuseDetection: true,
    abuseMaxTrackedIps: 5_000,
    abuseViolationThreshold: 3,
  } as Config;
  const clock = new ManualClock();
  const metrics = new MetricsRegistry({ clock, windowSeconds: 60 });
  const abuse = new AbuseTracker({
    clock,
    options: abuseOptionsOf(config),
    onEvent: (e) => metrics.abuse.inc([e]),
  });
  const app = new Hono<AppEnv>();
  app.use(security({ config, clock, logger: memoryLogger(), metrics, abuse }));
  app.post("/v1/chat/completions", () => {
    throw errors.invalidJson();
  });
  app.onError((err, c) => {
    if (!(err instanceof ApiError)) throw err;
    c.set("errorType", err.code ?? err.type);
    return errorResponse(err);
  });
  const hit = (ip: string) =>
    Promise.resolve(app.request("/v1/chat/completions", { method: "POST" }, {
      remoteAddr: { transport: "tcp", hostname: ip, port: 1 },
    }));

  for (let i = 0; i < 3; i++) await hit("198.51.100.1");
  assert.equal((await hit("198.51.100.1")).status, 403);
  for (let i = 0; i < 100_000; i++) {
    const res = await hit(`2001:db8::${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}`);
    assert.equal(res.status, 400);
    if (i % 10_000 === 0) assert.ok(abuse.size <= 5_000);
  }
  assert.equal(abuse.size, 5_000);
  assert.equal((await hit("198.51.100.1")).status, 403, "the ban outlived the flood");
  assert.equal(metrics.abuse.get(["violations"]), 100_003);
  assert.equal(metrics.abuse.get(["bans"]), 1);
  assert.equal(metrics.abuse.get(["blocked"]), 2);
  abuse.close();
});
