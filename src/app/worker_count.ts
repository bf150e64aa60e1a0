/**
 * --workers auto: one isolate per CPU this process may use: the machine's CPUs, or fewer when a
 * container's CPU quota (cgroup v2 cpu.max, or v1 cfs_quota_us / cfs_period_us) allows fewer, so
 * a pod limited to 2 CPUs on a 64-core node runs 2 workers, not 64.
 */

export type ReadText = (path: string) => string | null;

const readText: ReadText = (path) => {
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return null; // no such file, or no permission to read it: no quota known
  }
};

export function workerCount(
  setting: number | "auto",
  cpus = navigator.hardwareConcurrency || 1,
  read: ReadText = readText,
): number {
  if (setting !== "auto") return setting;
  const quota = cpuQuota(read);
  return Math.max(1, Math.min(cpus, quota === null ? cpus : Math.ceil(quota)));
}

/** CPUs the cgroup quota allows (fractional), or null when there is none. */
export function cpuQuota(read: ReadText): number | null {
  const v2 = read("/sys/fs/cgroup/cpu.max")?.trim().split(/\s+/);
  if (v2 && v2.length === 2) return v2[0] === "max" ? null : ratio(v2[0], v2[1]);
  const quota = read("/sys/fs/cgroup/cpu/cpu.cfs_quota_us")?.trim();
  const period = read("/sys/fs/cgroup/cpu/cpu.cfs_period_us")?.trim();
  if (!quota || !period || quota === "-1") return null;
  return ratio(quota, period);
}

function ratio(quota: string, period: string): number | null {
  const q = Number(quota);
  const p = Number(period);
  return q > 0 && p > 0 ? q / p : null;
}
