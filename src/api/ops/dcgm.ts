/**
 * GET /dcgm/metrics (dcgm-exporter's Prometheus text plus the guide's simplified families) and
 * GET /dcgm/metrics/json (the same values per GPU). The GPUs follow the load the metrics registry
 * sees; with metrics disabled they stay idle but still answer.
 */
import { DRIVER_VERSION, GPU_SPECS } from "../../modalities/gpu/gpu_specs.ts";
import { type GpuLoad, GpuSimulator, NO_LOAD } from "../../modalities/gpu/gpu_simulator.ts";
import { dcgmFamilies, type DcgmHost, dcgmJson } from "../../metrics/dcgm_view.ts";
import { PROMETHEUS_CONTENT_TYPE, renderFamilies } from "../../metrics/prometheus_text.ts";
import type { App } from "../../server/app_env.ts";
import type { ApiDeps } from "../deps.ts";

const FALLBACK_HOSTNAME = "fakeai";

export function registerDcgm(app: App, deps: ApiDeps): void {
  const { config, engine } = deps;
  const clock = engine.clock;
  const spec = GPU_SPECS[config.dcgmGpuModel];
  const host: DcgmHost = {
    gpuModel: config.dcgmGpuModel,
    modelName: spec.name,
    hostname: config.dcgmHostname || machineHostname(),
    driverVersion: DRIVER_VERSION,
  };
  const simulator = new GpuSimulator({
    spec,
    count: config.dcgmGpuCount,
    seed: config.seed,
    hostname: host.hostname,
    startMs: clock.now(),
  });

  const currentLoad = async (now: number): Promise<GpuLoad> => {
    const metrics = await deps.scrape();
    if (!metrics) return NO_LOAD;
    let running = 0;
    for (const n of metrics.running.values()) running += n;
    return { runningRequests: running, tokensPerSecond: metrics.tokensWindow.stats(now).sumRate };
  };
  const read = async () => {
    const now = clock.now();
    const load = await currentLoad(now);
    return { load, readings: simulator.sample(now, load) };
  };

  app.get(
    "/dcgm/metrics",
    async (c) =>
      c.body(renderFamilies(dcgmFamilies(host, (await read()).readings)), 200, {
        "content-type": PROMETHEUS_CONTENT_TYPE,
      }),
  );
  app.get("/dcgm/metrics/json", async (c) => {
    const { load, readings } = await read();
    return c.json(dcgmJson(host, readings, load, clock.wallNow()));
  });
}

/** Deno.hostname() needs --allow-sys (granted by every deno task); asked first so it never prompts. */
function machineHostname(): string {
  try {
    const granted =
      Deno.permissions.querySync({ name: "sys", kind: "hostname" }).state === "granted";
    return (granted ? Deno.hostname() : "") || FALLBACK_HOSTNAME;
  } catch {
    return FALLBACK_HOSTNAME;
  }
}
