/** Small measurement helpers shared by the load client and the orchestrator (Linux /proc). */

export const round = (x: number, digits = 2) => Number(x.toFixed(digits));

/** count, min, p50/p90/p99 (nearest rank), mean and max of a sample. */
export function summarize(values: number[]): Record<string, number> {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  const max = at(100);
  const out = {
    count: s.length,
    min: s[0] ?? NaN,
    p50: at(50),
    p90: at(90),
    p99: at(99),
    mean,
    max,
  };
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, round(v)]));
}

/** CPU time (user + system, all threads) of a process in ms; /proc counts in USER_HZ = 100. */
export function cpuMs(pid: number | "self"): number {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Resident set size of a process in KiB (VmRSS), or NaN when unavailable. */
export function rssKiB(pid: number): number {
  try {
    const m = Deno.readTextFileSync(`/proc/${pid}/status`).match(/^VmRSS:\s+(\d+)\s+kB/m);
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}
