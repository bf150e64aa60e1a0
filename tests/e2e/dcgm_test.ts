/** The real CLI as a simulated DCGM exporter: streamed load through the openai SDK heats the GPUs. */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { runCli, startFakeAI } from "../support/fakeai_process.ts";
import { promtoolCheckMetrics } from "../support/promtool.ts";

interface GpuJson {
  gpu: number;
  load: { running_requests: number };
  metrics: Record<string, number>;
}

const STREAMS = 4;
const TOKENS = 60;
const ITL_MS = 20;
/** vLLM's extension (not in the SDK's types): exactly max_tokens tokens per stream. */
const IGNORE_EOS = { ignore_eos: true };

Deno.test("e2e dcgm: 2 × A100 follow streamed chat load; the exposition is dcgm-exporter's", async () => {
  const server = await startFakeAI({
    args: [
      "--dcgm-gpu-model",
      "A100",
      "--dcgm-gpu-count",
      "2",
      "--response-delay",
      "0",
      "--ttft",
      "0",
      "--itl",
      `${ITL_MS}:0`,
    ],
  });
  try {
    const client = new OpenAI({ baseURL: server.baseURL, apiKey: "sk", maxRetries: 0 });
    const gpus = async () => {
      const body = await (await fetch(`${server.url}/dcgm/metrics/json`)).json();
      assert.equal(body.gpu_model, "A100");
      assert.equal(body.gpu_count, 2);
      return body.gpus as GpuJson[];
    };
    const streams = await Promise.all(
      Array.from({ length: STREAMS }, (_, i) =>
        client.chat.completions.create({
          model: "gpt-4o-mini",
          messages: [{ role: "user", content: `GPU load ${i}` }],
          max_tokens: TOKENS,
          stream: true,
          ...IGNORE_EOS,
        })),
    );
    // Half-way through the first stream (the token clock guarantees the elapsed time) all four
    // are running: each A100 carries two of them.
    const iterators = streams.map((s) => s[Symbol.asyncIterator]());
    for (let k = 0; k < TOKENS / 2; k++) assert.equal((await iterators[0].next()).done, false);
    const during = await gpus();
    assert.deepEqual(during.map((g) => g.load.running_requests), [2, 2]);
    for (const g of during) {
      assert.ok(g.metrics.DCGM_FI_DEV_GPU_UTIL > 0, `util ${g.metrics.DCGM_FI_DEV_GPU_UTIL}`);
      assert.ok(g.metrics.DCGM_FI_DEV_POWER_USAGE > 60);
      assert.ok(g.metrics.DCGM_FI_DEV_FB_USED > 34_300);
    }
    let tokens = 0;
    for (const it of iterators) {
      for (let r = await it.next(); !r.done; r = await it.next()) {
        if (r.value.choices[0]?.delta.content) tokens++;
      }
    }
    assert.ok(tokens >= (STREAMS - 1) * TOKENS);

    // Afterwards the recent token throughput keeps them above idle; energy only grows.
    const after = await gpus();
    for (const [i, g] of after.entries()) {
      assert.equal(g.load.running_requests, 0);
      assert.ok(g.metrics.DCGM_FI_DEV_GPU_UTIL > 0);
      assert.ok(g.metrics.dcgm_gpu_utilization > 0);
      assert.ok(
        g.metrics.DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION >
          during[i].metrics.DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION,
      );
    }

    const res = await fetch(`${server.url}/dcgm/metrics`);
    assert.match(res.headers.get("content-type")!, /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const util = text.split("\n").filter((l) => l.startsWith("DCGM_FI_DEV_GPU_UTIL{"));
    assert.equal(util.length, 2);
    for (const [i, line] of util.entries()) {
      assert.ok(line.includes(`gpu="${i}",`) && line.includes(`device="nvidia${i}"`), line);
      assert.ok(line.includes('modelName="NVIDIA A100-SXM4-80GB"'), line);
      assert.ok(line.includes(`Hostname="${Deno.hostname()}"`), line);
      assert.match(line, /DCGM_FI_DRIVER_VERSION="[\d.]+"\} \d+$/);
    }
    assert.match(text, /# TYPE DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION counter\n/);
    assert.match(text, /\ndcgm_memory_used\{gpu="1"\} \d+\n/);
    const lint = await promtoolCheckMetrics(text);
    const unexpected = lint.output.split("\n").filter((l) =>
      l && !/(_total" suffix|include type 'counter'|not 'camelCase')$/.test(l)
    );
    assert.deepEqual(unexpected, []);
  } finally {
    assert.equal(await server.stop(), 0);
  }
});

Deno.test("e2e dcgm: bad GPU settings exit 2 naming the problem", async () => {
  const model = await runCli(["server", "--dcgm-gpu-model", "X100"]);
  assert.equal(model.code, 2);
  assert.match(model.stderr, /--dcgm-gpu-model/);
  assert.match(model.stderr, /A100/);
  const count = await runCli(["server", "--dcgm-gpu-count", "17"], {
    env: { FAKEAI_DCGM_GPU_COUNT: "0" },
  });
  assert.equal(count.code, 2);
  assert.match(count.stderr, /FAKEAI_DCGM_GPU_COUNT/);
  assert.match(count.stderr, /--dcgm-gpu-count/);
});
