/**
 * The server's simulated GPUs, one simulator shared by the DCGM views and the live metrics stream
 * so both read the same state. The GPUs follow the load a metrics registry reports (running
 * requests, completion tokens/s); with metrics disabled they stay idle.
 */
import type { Config } from "../../config/schema.ts";
import type { DcgmHost } from "../../metrics/dcgm_view.ts";
import type { MetricsRegistry } from "../../metrics/registry.ts";
import { DRIVER_VERSION, GPU_SPECS } from "../../modalities/gpu/gpu_specs.ts";
import {
  type GpuLoad,
  type GpuReading,
  GpuSimulator,
  NO_LOAD,
} from "../../modalities/gpu/gpu_simulator.ts";
import type { Clock } from "../../util/clock.ts";

const FALLBACK_HOSTNAME = "fakeai";

export interface GpuFleet {
  readonly host: DcgmHost;
  /** The GPUs now, under the load `registry` reports (idle when null). */
  read(registry: MetricsRegistry | null): { load: GpuLoad; readings: GpuReading[] };
}

export function gpuFleet(config: Config, clock: Clock): GpuFleet {
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
  return {
    host,
    read(registry) {
      const now = clock.now();
      const load = registry ? loadOf(registry, now) : NO_LOAD;
      return { load, readings: simulator.sample(now, load) };
    },
  };
}

function loadOf(metrics: MetricsRegistry, now: number): GpuLoad {
  let running = 0;
  for (const n of metrics.running.values()) running += n;
  return { runningRequests: running, tokensPerSecond: metrics.tokensWindow.stats(now).sumRate };
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
