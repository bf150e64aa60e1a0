/** GPU readings → dcgm-exporter families and JSON: names, types, labels, order, same values. */
import assert from "node:assert/strict";
import { GpuSimulator, NO_LOAD } from "../../src/modalities/gpu/gpu_simulator.ts";
import { GPU_SPECS } from "../../src/modalities/gpu/gpu_specs.ts";
import {
  DCGM_GUIDE_METRICS,
  DCGM_LABELS,
  DCGM_METRICS,
} from "../../src/metrics/dcgm_definitions.ts";
import { dcgmFamilies, type DcgmHost, dcgmJson } from "../../src/metrics/dcgm_view.ts";
import { renderFamilies } from "../../src/metrics/prometheus_text.ts";
import { promtoolCheckMetrics } from "../support/promtool.ts";

const HOST: DcgmHost = {
  gpuModel: "H100",
  modelName: "NVIDIA H100 80GB HBM3",
  hostname: "node-a",
  driverVersion: "570.133.20",
};

function readings(spec = GPU_SPECS.H100, count = 2) {
  const simulator = new GpuSimulator({ spec, count, seed: 3, hostname: "node-a", startMs: 0 });
  return simulator.sample(30_000, { runningRequests: 3, tokensPerSecond: 800 });
}

Deno.test("dcgm view: every default-counter family in exporter order, then the guide's two", () => {
  const families = dcgmFamilies(HOST, readings());
  assert.deepEqual(
    families.map((f) => f.def.name),
    [...Object.values(DCGM_METRICS), ...Object.values(DCGM_GUIDE_METRICS)].map((d) => d.name),
  );
  const types = Object.fromEntries(families.map((f) => [f.def.name, f.def.type]));
  assert.equal(types.DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION, "counter");
  assert.equal(types.DCGM_FI_DEV_PCIE_REPLAY_COUNTER, "counter");
  assert.equal(types.DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL, "counter");
  assert.equal(types.DCGM_FI_DEV_GPU_UTIL, "gauge");
  assert.equal(types.DCGM_FI_PROF_PCIE_TX_BYTES, "gauge");
  for (const f of families) assert.equal(f.samples.length, 2, f.def.name);
});

Deno.test("dcgm view: samples carry the exporter's labels; the guide's families only gpu", () => {
  const text = renderFamilies(dcgmFamilies(HOST, readings()));
  const line = text.split("\n").find((l) => l.startsWith('DCGM_FI_DEV_GPU_UTIL{gpu="1"'))!;
  assert.match(
    line,
    /^DCGM_FI_DEV_GPU_UTIL\{gpu="1",UUID="GPU-[0-9a-f-]{36}",pci_bus_id="00000000:2A:00\.0",device="nvidia1",modelName="NVIDIA H100 80GB HBM3",Hostname="node-a",DCGM_FI_DRIVER_VERSION="570\.133\.20"\} \d+$/,
  );
  assert.deepEqual([...DCGM_LABELS], [
    "gpu",
    "UUID",
    "pci_bus_id",
    "device",
    "modelName",
    "Hostname",
    "DCGM_FI_DRIVER_VERSION",
  ]);
  assert.match(text, /\ndcgm_gpu_utilization\{gpu="0"\} [\d.]+\n/);
  assert.match(text, /\ndcgm_memory_used\{gpu="1"\} \d+\n/);
});

Deno.test("dcgm view: NVLink bandwidth is left out for a GPU without NVLink", () => {
  const noNvlink = { ...GPU_SPECS.A100, nvlinkGBps: 0 };
  const names = dcgmFamilies(HOST, readings(noNvlink)).map((f) => f.def.name);
  assert.ok(!names.includes("DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL"));
  assert.ok(names.includes("DCGM_FI_DEV_FB_USED"));
});

Deno.test("dcgm view: the JSON holds the same values as the Prometheus samples", () => {
  const rs = readings();
  const families = dcgmFamilies(HOST, rs);
  const json = dcgmJson(HOST, rs, NO_LOAD, 1_700_000_000_000) as {
    gpu_count: number;
    hostname: string;
    gpus: Array<{ gpu: number; uuid: string; metrics: Record<string, number> }>;
  };
  assert.equal(json.gpu_count, 2);
  assert.equal(json.hostname, "node-a");
  for (const f of families) {
    for (const s of f.samples) {
      const gpu = json.gpus[Number(s.labels.gpu)];
      assert.equal(gpu.metrics[f.def.name], s.value, `${f.def.name} gpu ${s.labels.gpu}`);
      if (s.labels.UUID) assert.equal(gpu.uuid, s.labels.UUID);
    }
  }
  const g0 = json.gpus[0].metrics;
  assert.equal(g0.dcgm_memory_used, g0.DCGM_FI_DEV_FB_USED * 1024 * 1024);
});

Deno.test("dcgm view: promtool parses the exposition; it flags only the exporter's own conventions", async () => {
  const text = renderFamilies(dcgmFamilies(HOST, readings()));
  const { output } = await promtoolCheckMetrics(text);
  const allowed = [
    `counter metrics should have "_total" suffix`,
    "metric name should not include type 'counter'",
    "label names should be written in 'snake_case' not 'camelCase'",
  ];
  const problems = output.split("\n").filter((l) => l && !allowed.some((a) => l.endsWith(a)));
  assert.deepEqual(problems, []);
  // The guide's simplified families follow Prometheus conventions and pass cleanly.
  const guide = dcgmFamilies(HOST, readings()).filter((f) => f.def.name.startsWith("dcgm_"));
  assert.deepEqual(await promtoolCheckMetrics(renderFamilies(guide)), { ok: true, output: "" });
});
