/**
 * GET /metrics (the guide's JSON), /metrics/prometheus (FakeAI's families; passes
 * `promtool check metrics`), /metrics/vllm (vLLM's families under vLLM's names — the ':' in
 * them is vLLM's convention, which promtool's linter flags but Prometheus ingests).
 */
import { metricsJson } from "../../metrics/json_view.ts";
import { PROMETHEUS_CONTENT_TYPE, renderFamilies } from "../../metrics/prometheus_text.ts";
import { fakeaiFamilies, vllmFamilies } from "../../metrics/prometheus_view.ts";
import type { App } from "../../server/app_env.ts";
import { errors } from "../../server/errors.ts";
import type { ApiDeps } from "../deps.ts";

export function registerMetrics(app: App, deps: ApiDeps): void {
  const { config } = deps;
  const registry = async () => {
    const merged = await deps.scrape();
    if (!merged) throw errors.metricsDisabled();
    return merged;
  };
  app.get("/metrics", async (c) =>
    c.json(metricsJson(await registry(), Deno.memoryUsage(), {
      rateLimitEnabled: config.rateLimitEnabled,
      abuseEnabled: config.enableAbuseDetection || config.enableSecurity,
    })));
  app.get("/metrics/prometheus", async (c) => {
    return c.body(renderFamilies(fakeaiFamilies(await registry())), 200, {
      "content-type": PROMETHEUS_CONTENT_TYPE,
    });
  });
  app.get(
    "/metrics/vllm",
    async (c) =>
      c.body(renderFamilies(vllmFamilies(await registry())), 200, {
        "content-type": PROMETHEUS_CONTENT_TYPE,
      }),
  );
}
