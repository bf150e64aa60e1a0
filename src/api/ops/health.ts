/** GET /health: liveness and readiness in the operations guide's shape. */
import type { App } from "../../server/app_env.ts";
import type { Lifecycle } from "../../server/lifecycle.ts";
import type { Clock } from "../../util/clock.ts";
import { VERSION } from "../../version.ts";

export function registerHealth(app: App, clock: Clock, lifecycle: Lifecycle): void {
  const startedAt = clock.now();
  app.get("/health", (c) => {
    const body = {
      status: lifecycle.draining ? "shutting_down" : "healthy",
      timestamp: new Date(clock.wallNow()).toISOString(),
      uptime: Math.round((clock.now() - startedAt) / 10) / 100,
      version: VERSION,
    };
    // A draining server fails readiness so load balancers stop sending it traffic.
    return c.json(body, lifecycle.draining ? 503 : 200);
  });
}
