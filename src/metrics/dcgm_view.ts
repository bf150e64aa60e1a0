/** Simulated GPU readings → dcgm-exporter's Prometheus families and the JSON view. Pure. */
import type { GpuLoad, GpuReading } from "../modalities/gpu/gpu_simulator.ts";
import { DCGM_GUIDE_METRICS as G, DCGM_METRICS as D } from "./dcgm_definitions.ts";
import type { MetricDef } from "./metric_definitions.ts";
import type { Family } from "./prometheus_text.ts";

export interface DcgmHost {
  /** Setting value: A100, H100, H200 or B200. */
  gpuModel: string;
  /** NVML device name, the modelName label. */
  modelName: string;
  hostname: string;
  driverVersion: string;
}

type Field = readonly [MetricDef, (r: GpuReading) => number | null];

/** Every DCGM_FI_* family in the exporter's order; null = the GPU does not have the field. */
const FIELDS: readonly Field[] = [
  [D.smClock, (r) => r.smClockMHz],
  [D.memClock, (r) => r.memClockMHz],
  [D.memoryTemp, (r) => r.memoryTempC],
  [D.gpuTemp, (r) => r.gpuTempC],
  [D.powerUsage, (r) => r.powerW],
  [D.totalEnergy, (r) => r.energyMj],
  [D.pcieReplay, () => 0],
  [D.gpuUtil, (r) => r.gpuUtilPct],
  [D.memCopyUtil, (r) => r.memCopyUtilPct],
  [D.encUtil, () => 0],
  [D.decUtil, () => 0],
  [D.xidErrors, () => 0],
  [D.fbFree, (r) => r.fbFreeMiB],
  [D.fbUsed, (r) => r.fbUsedMiB],
  [D.fbReserved, (r) => r.fbReservedMiB],
  [D.uncorrectableRemappedRows, () => 0],
  [D.correctableRemappedRows, () => 0],
  [D.rowRemapFailure, () => 0],
  [D.nvlinkBandwidthTotal, (r) => r.nvlinkMBps],
  [D.vgpuLicenseStatus, () => 0],
  [D.grEngineActive, (r) => r.grEngineActive],
  [D.pipeTensorActive, (r) => r.tensorActive],
  [D.dramActive, (r) => r.dramActive],
  [D.pcieTxBytes, (r) => r.pcieTxBytesPerSec],
  [D.pcieRxBytes, (r) => r.pcieRxBytesPerSec],
  [G.gpuUtilization, (r) => Math.round(r.utilization * 1000) / 10],
  [G.memoryUsed, (r) => r.fbUsedMiB * 1024 * 1024],
];

function labelsOf(host: DcgmHost, r: GpuReading, def: MetricDef): Record<string, string> {
  const all: Record<string, string> = {
    gpu: String(r.index),
    UUID: r.uuid,
    pci_bus_id: r.pciBusId,
    device: `nvidia${r.index}`,
    modelName: host.modelName,
    Hostname: host.hostname,
    DCGM_FI_DRIVER_VERSION: host.driverVersion,
  };
  return Object.fromEntries(def.labels.map((name) => [name, all[name]]));
}

export function dcgmFamilies(host: DcgmHost, readings: readonly GpuReading[]): Family[] {
  const families: Family[] = [];
  for (const [def, value] of FIELDS) {
    const samples = readings.flatMap((r) => {
      const v = value(r);
      return v === null ? [] : [{ labels: labelsOf(host, r, def), value: v }];
    });
    // Like the exporter, a field no GPU has is left out entirely.
    if (samples.length > 0) families.push({ def, samples });
  }
  return families;
}

export function dcgmJson(
  host: DcgmHost,
  readings: readonly GpuReading[],
  load: GpuLoad,
  wallNowMs: number,
): Record<string, unknown> {
  return {
    gpu_model: host.gpuModel,
    model_name: host.modelName,
    gpu_count: readings.length,
    hostname: host.hostname,
    driver_version: host.driverVersion,
    timestamp: new Date(wallNowMs).toISOString(),
    load: {
      running_requests: load.runningRequests,
      tokens_per_second: Math.round(load.tokensPerSecond * 1000) / 1000,
    },
    gpus: readings.map((r) => {
      const metrics: Record<string, number> = {};
      for (const [def, value] of FIELDS) {
        const v = value(r);
        if (v !== null) metrics[def.name] = v;
      }
      return {
        gpu: r.index,
        uuid: r.uuid,
        device: `nvidia${r.index}`,
        pci_bus_id: r.pciBusId,
        model_name: host.modelName,
        load: { running_requests: r.runningRequests, tokens_per_second: r.tokensPerSecond },
        metrics,
      };
    }),
  };
}
