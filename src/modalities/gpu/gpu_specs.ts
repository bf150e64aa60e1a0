/**
 * Physical specs of the GPUs the DCGM simulator can pretend to be (SXM variants, as in DGX/HGX
 * servers). Names are what NVML reports as the device name (dcgm-exporter's `modelName` label);
 * memory sizes are the framebuffer totals nvidia-smi shows.
 */

export type GpuModelId = "A100" | "H100" | "H200" | "B200";

export interface GpuSpec {
  /** NVML device name, e.g. "NVIDIA H100 80GB HBM3". */
  name: string;
  /** Framebuffer total, MiB (FB_FREE + FB_USED + FB_RESERVED). */
  memoryMiB: number;
  /** Framebuffer the driver reserves, MiB. */
  reservedMiB: number;
  /** Board power limit (TDP), W. */
  tdpW: number;
  idlePowerW: number;
  idleSmClockMHz: number;
  maxSmClockMHz: number;
  /** HBM runs at full clock whether busy or not. */
  memClockMHz: number;
  idleTempC: number;
  /** Steady-state GPU temperature at full power. */
  loadTempC: number;
  /** GPU max operating temperature: never reported above this. */
  maxTempC: number;
  /** HBM max operating temperature. */
  maxMemTempC: number;
  /** NVLink bandwidth per GPU, GB/s; 0 = no NVLink. */
  nvlinkGBps: number;
  /** Completion tokens/s per GPU that drive utilisation to 1 - 1/e (~63 %). */
  tokensPerSecondScale: number;
}

export const GPU_SPECS: Readonly<Record<GpuModelId, GpuSpec>> = {
  A100: {
    name: "NVIDIA A100-SXM4-80GB",
    memoryMiB: 81920,
    reservedMiB: 566,
    tdpW: 400,
    idlePowerW: 60,
    idleSmClockMHz: 210,
    maxSmClockMHz: 1410,
    memClockMHz: 1593,
    idleTempC: 32,
    loadTempC: 68,
    maxTempC: 85,
    maxMemTempC: 95,
    nvlinkGBps: 600,
    tokensPerSecondScale: 1500,
  },
  H100: {
    name: "NVIDIA H100 80GB HBM3",
    memoryMiB: 81559,
    reservedMiB: 527,
    tdpW: 700,
    idlePowerW: 70,
    idleSmClockMHz: 345,
    maxSmClockMHz: 1980,
    memClockMHz: 2619,
    idleTempC: 30,
    loadTempC: 72,
    maxTempC: 87,
    maxMemTempC: 95,
    nvlinkGBps: 900,
    tokensPerSecondScale: 2500,
  },
  H200: {
    name: "NVIDIA H200",
    memoryMiB: 143771,
    reservedMiB: 552,
    tdpW: 700,
    idlePowerW: 75,
    idleSmClockMHz: 345,
    maxSmClockMHz: 1980,
    memClockMHz: 3201,
    idleTempC: 30,
    loadTempC: 73,
    maxTempC: 87,
    maxMemTempC: 95,
    nvlinkGBps: 900,
    tokensPerSecondScale: 2800,
  },
  B200: {
    name: "NVIDIA B200",
    memoryMiB: 183359,
    reservedMiB: 616,
    tdpW: 1000,
    idlePowerW: 140,
    idleSmClockMHz: 600,
    maxSmClockMHz: 1965,
    memClockMHz: 3996,
    idleTempC: 33,
    loadTempC: 76,
    maxTempC: 87,
    maxMemTempC: 95,
    nvlinkGBps: 1800,
    tokensPerSecondScale: 5000,
  },
};

/** The NVIDIA driver version reported as the DCGM_FI_DRIVER_VERSION label (R570 supports all four). */
export const DRIVER_VERSION = "570.133.20";
