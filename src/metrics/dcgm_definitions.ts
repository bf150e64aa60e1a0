/**
 * Every metric of the simulated DCGM exporter: names, types and help exactly as NVIDIA's
 * dcgm-exporter prints them with its default counters (etc/default-counters.csv, DCP fields
 * included), in the order it prints them, then the operations guide's two simplified families.
 *
 * The real exporter's conventions are kept even where promtool's linter objects: counters
 * without a `_total` suffix, DCGM_FI_DEV_PCIE_REPLAY_COUNTER naming its type, and the camelCase
 * `modelName` label. DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL is typed counter by the exporter but
 * DCGM field 449 holds the current throughput in MB/s, and that is what it reports.
 */
import type { MetricDef, MetricType } from "./metric_definitions.ts";

const def = (
  name: string,
  type: MetricType,
  help: string,
  labels: readonly string[] = DCGM_LABELS,
): MetricDef => ({
  name,
  type,
  help,
  labels,
});

/** Labels on every DCGM_FI_* sample, in dcgm-exporter's order (DCGM_FI_DRIVER_VERSION is a `label` field). */
export const DCGM_LABELS = [
  "gpu",
  "UUID",
  "pci_bus_id",
  "device",
  "modelName",
  "Hostname",
  "DCGM_FI_DRIVER_VERSION",
] as const;

export const DCGM_METRICS = {
  smClock: def("DCGM_FI_DEV_SM_CLOCK", "gauge", "SM clock frequency (in MHz)."),
  memClock: def("DCGM_FI_DEV_MEM_CLOCK", "gauge", "Memory clock frequency (in MHz)."),
  memoryTemp: def("DCGM_FI_DEV_MEMORY_TEMP", "gauge", "Memory temperature (in C)."),
  gpuTemp: def("DCGM_FI_DEV_GPU_TEMP", "gauge", "GPU temperature (in C)."),
  powerUsage: def("DCGM_FI_DEV_POWER_USAGE", "gauge", "Power draw (in W)."),
  totalEnergy: def(
    "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION",
    "counter",
    "Total energy consumption since boot (in mJ).",
  ),
  pcieReplay: def("DCGM_FI_DEV_PCIE_REPLAY_COUNTER", "counter", "Total number of PCIe retries."),
  gpuUtil: def("DCGM_FI_DEV_GPU_UTIL", "gauge", "GPU utilization (in %)."),
  memCopyUtil: def("DCGM_FI_DEV_MEM_COPY_UTIL", "gauge", "Memory utilization (in %)."),
  encUtil: def("DCGM_FI_DEV_ENC_UTIL", "gauge", "Encoder utilization (in %)."),
  decUtil: def("DCGM_FI_DEV_DEC_UTIL", "gauge", "Decoder utilization (in %)."),
  xidErrors: def("DCGM_FI_DEV_XID_ERRORS", "gauge", "Value of the last XID error encountered."),
  fbFree: def("DCGM_FI_DEV_FB_FREE", "gauge", "Framebuffer memory free (in MiB)."),
  fbUsed: def("DCGM_FI_DEV_FB_USED", "gauge", "Framebuffer memory used (in MiB)."),
  fbReserved: def("DCGM_FI_DEV_FB_RESERVED", "gauge", "Framebuffer memory reserved (in MiB)."),
  uncorrectableRemappedRows: def(
    "DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS",
    "counter",
    "Number of remapped rows for uncorrectable errors",
  ),
  correctableRemappedRows: def(
    "DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS",
    "counter",
    "Number of remapped rows for correctable errors",
  ),
  rowRemapFailure: def(
    "DCGM_FI_DEV_ROW_REMAP_FAILURE",
    "gauge",
    "Whether remapping of rows has failed",
  ),
  nvlinkBandwidthTotal: def(
    "DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL",
    "counter",
    "Total number of NVLink bandwidth counters for all lanes.",
  ),
  vgpuLicenseStatus: def("DCGM_FI_DEV_VGPU_LICENSE_STATUS", "gauge", "vGPU License status"),
  grEngineActive: def(
    "DCGM_FI_PROF_GR_ENGINE_ACTIVE",
    "gauge",
    "Ratio of time the graphics engine is active.",
  ),
  pipeTensorActive: def(
    "DCGM_FI_PROF_PIPE_TENSOR_ACTIVE",
    "gauge",
    "Ratio of cycles the tensor (HMMA) pipe is active.",
  ),
  dramActive: def(
    "DCGM_FI_PROF_DRAM_ACTIVE",
    "gauge",
    "Ratio of cycles the device memory interface is active sending or receiving data.",
  ),
  pcieTxBytes: def(
    "DCGM_FI_PROF_PCIE_TX_BYTES",
    "gauge",
    "The rate of data transmitted over the PCIe bus - including both protocol headers and data payloads - in bytes per second.",
  ),
  pcieRxBytes: def(
    "DCGM_FI_PROF_PCIE_RX_BYTES",
    "gauge",
    "The rate of data received over the PCIe bus - including both protocol headers and data payloads - in bytes per second.",
  ),
} as const;

/** The operations guide's simplified families (label `gpu` only). */
export const DCGM_GUIDE_METRICS = {
  gpuUtilization: def("dcgm_gpu_utilization", "gauge", "GPU utilization percentage", ["gpu"]),
  memoryUsed: def("dcgm_memory_used", "gauge", "GPU memory used in bytes", ["gpu"]),
} as const;
