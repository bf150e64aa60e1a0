/** --workers auto: the CPUs, capped by a container's cgroup CPU quota (v2 or v1). */
import assert from "node:assert/strict";
import { cpuQuota, workerCount } from "../../src/app/worker_count.ts";

const files = (map: Record<string, string>) => (path: string) => map[path] ?? null;

Deno.test("worker count: a number is taken as given; auto is the CPUs without a quota", () => {
  assert.equal(workerCount(3, 16, files({})), 3);
  assert.equal(workerCount("auto", 16, files({})), 16);
  assert.equal(workerCount("auto", 16, files({ "/sys/fs/cgroup/cpu.max": "max 100000\n" })), 16);
});

Deno.test("worker count: auto follows a cgroup v2 or v1 quota, rounded up, never above the CPUs", () => {
  const v2 = files({ "/sys/fs/cgroup/cpu.max": "250000 100000\n" });
  assert.equal(cpuQuota(v2), 2.5);
  assert.equal(workerCount("auto", 64, v2), 3);
  assert.equal(workerCount("auto", 2, v2), 2);
  const v1 = files({
    "/sys/fs/cgroup/cpu/cpu.cfs_quota_us": "50000\n",
    "/sys/fs/cgroup/cpu/cpu.cfs_period_us": "100000\n",
  });
  assert.equal(workerCount("auto", 8, v1), 1);
  const unlimited = files({
    "/sys/fs/cgroup/cpu/cpu.cfs_quota_us": "-1\n",
    "/sys/fs/cgroup/cpu/cpu.cfs_period_us": "100000\n",
  });
  assert.equal(cpuQuota(unlimited), null);
});
