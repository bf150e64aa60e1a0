/**
 * GET /health/detailed: healthy / degraded / unhealthy from the recent error share, with the
 * figures behind it. 200 when healthy or degraded, 503 when unhealthy or shutting down.
 */
import { healthHttpStatus, healthReport } from "../../metrics/health_report.ts";
import type { App } from "../../server/app_env.ts";
import { VERSION } from "../../version.ts";
import type { ApiDeps } from "../deps.ts";

export function registerHealthDetailed(app: App, deps: ApiDeps): void {
  const { clock } = deps.engine;
  const startedAt = clock.now();
  app.get("/health/detailed", async (c) => {
    const body = healthReport({
      registry: await deps.scrape(),
      draining: deps.lifecycle.draining,
      wallNowMs: clock.wallNow(),
      uptimeSeconds: Math.round((clock.now() - startedAt) / 10) / 100,
      version: VERSION,
      rssBytes: Deno.memoryUsage().rss,
    });
    const status = healthHttpStatus(body.status);
    const workers = deps.workerShares?.();
    return c.json(
      workers ? { ...body, workers } : body,
      status,
      status === 503 ? { "retry-after": "1" } : {},
    );
  });
}
