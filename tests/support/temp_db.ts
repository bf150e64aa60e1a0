/** A fresh temporary directory for a metrics database file, removed afterwards. */
export async function withTempDb<T>(fn: (path: string, dir: string) => T | Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "fakeai-metrics-" });
  try {
    return await fn(`${dir}/metrics.db`, dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
