/**
 * GET /dcgm/metrics (dcgm-exporter's Prometheus text plus the guide's simplified families) and
 * GET /dcgm/metrics/json (the same values per GPU). The GPUs follow the load the metrics registry
 * sees; with metrics disabled they stay idle but still answer.
 */
import { dcgmFamilies, dcgmJson } from "../../metrics/dcgm_view.ts";
import { PROMETHEUS_CONTENT_TYPE, renderFamilies } from "../../metrics/prometheus_text.ts";
import type { App } from "../../server/app_env.ts";
import type { ApiDeps } from "../deps.ts";
import { gpuFleet } from "./gpu_fleet.ts";

export function registerDcgm(app: App, deps: ApiDeps): void {
  const clock = deps.engine.clock;
  const fleet = deps.gpuFleet ?? gpuFleet(deps.config, clock);
  const read = async () => fleet.read(await deps.scrape());

  app.get(
    "/dcgm/metrics",
    async (c) =>
      c.body(renderFamilies(dcgmFamilies(fleet.host, (await read()).readings)), 200, {
        "content-type": PROMETHEUS_CONTENT_TYPE,
      }),
  );
  app.get("/dcgm/metrics/json", async (c) => {
    const { load, readings } = await read();
    return c.json(dcgmJson(fleet.host, readings, load, clock.wallNow()));
  });
}
