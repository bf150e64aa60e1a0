/** /dcgm/metrics and /dcgm/metrics/json in-process: settings, load from the registry, errors. */
import assert from "node:assert/strict";
import { type Config, defaultConfig } from "../../../src/config/schema.ts";
import { Engine } from "../../../src/engine/engine.ts";
import { createApp } from "../../../src/app/create_app.ts";
import { memoryLogger } from "../../../src/util/logger.ts";
import { ManualClock } from "../../../src/util/clock.ts";
import { IdGenerator } from "../../../src/util/ids.ts";
import { PROMETHEUS_CONTENT_TYPE } from "../../../src/metrics/prometheus_text.ts";

interface DcgmJson {
  gpu_model: string;
  model_name: string;
  gpu_count: number;
  hostname: string;
  load: { running_requests: number; tokens_per_second: number };
  gpus: Array<{
    gpu: number;
    device: string;
    load: { running_requests: number };
    metrics: Record<string, number>;
  }>;
}

function app(overrides: Partial<Config> = {}) {
  const config = { ...defaultConfig(), dcgmHostname: "node-a", ...overrides } as Config;
  const clock = new ManualClock();
  const engine = new Engine({ config, clock, ids: new IdGenerator(1) });
  const { app, metrics } = createApp({ config, engine, logger: memoryLogger() });
  const json = async () => (await (await app.request("/dcgm/metrics/json")).json()) as DcgmJson;
  return { app, clock, metrics, json };
}

Deno.test("dcgm http: defaults are 4 × H100 on the configured hostname, all idle", async () => {
  const { app: a, clock, json } = app();
  clock.advance(10_000);
  const res = await a.request("/dcgm/metrics");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), PROMETHEUS_CONTENT_TYPE);
  const text = await res.text();
  assert.equal(text.match(/^DCGM_FI_DEV_GPU_UTIL\{/gm)?.length, 4);
  assert.match(text, /modelName="NVIDIA H100 80GB HBM3",Hostname="node-a"/);
  const body = await json();
  assert.equal(body.gpu_model, "H100");
  assert.equal(body.gpu_count, 4);
  assert.equal(body.hostname, "node-a");
  assert.deepEqual(body.gpus.map((g) => g.device), ["nvidia0", "nvidia1", "nvidia2", "nvidia3"]);
  for (const g of body.gpus) {
    assert.equal(g.metrics.DCGM_FI_DEV_GPU_UTIL, 0);
    assert.equal(g.metrics.dcgm_gpu_utilization, 0);
    assert.equal(g.metrics.DCGM_FI_DEV_SM_CLOCK, 345);
  }
});

Deno.test("dcgm http: running requests and token throughput in the registry heat the GPUs up", async () => {
  const { clock, metrics, json } = app({ dcgmGpuModel: "B200", dcgmGpuCount: 2 });
  const idle = await json();
  for (let i = 0; i < 6; i++) metrics!.generationStarted("gpt-4o");
  metrics!.generationFinished({
    model: "gpt-4o",
    promptTokens: 10,
    completionTokens: 5_000,
    finishReason: "length",
    ttftSeconds: 0.1,
    e2eSeconds: 5,
    queueSeconds: 0,
  });
  clock.advance(60_000);
  const busy = await json();
  assert.equal(busy.model_name, "NVIDIA B200");
  assert.equal(busy.load.running_requests, 5);
  assert.ok(busy.load.tokens_per_second > 0);
  assert.deepEqual(busy.gpus.map((g) => g.load.running_requests).sort(), [2, 3]);
  for (const [i, g] of busy.gpus.entries()) {
    const before = idle.gpus[i].metrics;
    assert.ok(g.metrics.DCGM_FI_DEV_GPU_UTIL > 50, `util ${g.metrics.DCGM_FI_DEV_GPU_UTIL}`);
    assert.ok(g.metrics.DCGM_FI_DEV_POWER_USAGE > before.DCGM_FI_DEV_POWER_USAGE + 400);
    assert.ok(g.metrics.DCGM_FI_DEV_GPU_TEMP > before.DCGM_FI_DEV_GPU_TEMP + 15);
    assert.ok(g.metrics.DCGM_FI_DEV_FB_USED > before.DCGM_FI_DEV_FB_USED);
    assert.ok(
      g.metrics.DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION > before.DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION,
    );
  }
});

Deno.test("dcgm http: with metrics disabled the endpoints still answer, idle", async () => {
  const { app: a, clock, json } = app({ metricsEnabled: false, dcgmGpuCount: 1 });
  clock.advance(5_000);
  assert.equal((await a.request("/metrics")).status, 404);
  const body = await json();
  assert.equal(body.gpu_count, 1);
  assert.equal(body.load.running_requests, 0);
  assert.equal(body.gpus[0].metrics.DCGM_FI_DEV_GPU_UTIL, 0);
  assert.equal((await a.request("/dcgm/metrics")).status, 200);
});

Deno.test("dcgm http: wrong method and unknown sub-path answer in OpenAI's error shape", async () => {
  const { app: a } = app();
  const post = await a.request("/dcgm/metrics", { method: "POST", body: "{}" });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get("allow"), "GET");
  assert.equal((await post.json()).error.type, "invalid_request_error");
  const missing = await a.request("/dcgm/metrics/xml");
  assert.equal(missing.status, 404);
  assert.ok((await missing.json()).error.message);
});
