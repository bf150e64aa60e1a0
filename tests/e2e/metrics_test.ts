/** After a mixed workload through the SDK, every metrics view tells the same truth. */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { startFakeAI } from "../support/fakeai_process.ts";
import { promtoolCheckMetrics } from "../support/promtool.ts";

Deno.test("e2e metrics: JSON, Prometheus and vLLM views agree; promtool accepts the exposition", async () => {
  const server = await startFakeAI({
    args: ["--response-delay", "0", "--ttft", "5", "--itl", "1"],
  });
  try {
    const client = new OpenAI({ baseURL: server.baseURL, apiKey: "sk", maxRetries: 0 });
    const body = {
      model: "gpt-4o",
      messages: [{ role: "user" as const, content: "hi" }],
      max_tokens: 8,
    };
    let completion = 0;
    for (let i = 0; i < 3; i++) {
      completion += (await client.chat.completions.create(body)).usage!.completion_tokens;
      const stream = await client.chat.completions.create({
        ...body,
        stream: true,
        stream_options: { include_usage: true },
      });
      for await (const chunk of stream) {
        if (chunk.usage) completion += chunk.usage.completion_tokens;
      }
    }
    await assert.rejects(client.chat.completions.create({ ...body, temperature: 9 }));
    await assert.rejects(client.models.retrieve("missing-model"));

    const json = await (await fetch(`${server.url}/metrics`)).json();
    assert.equal(json.requests["/v1/chat/completions"].count, 7);
    assert.equal(json.responses["200"] >= 6, true);
    assert.equal(json.responses["400"], 1);
    assert.equal(json.tokens.completion, completion);
    assert.equal(json.errors.total, 2);
    assert.equal(json.streaming_stats.completed_streams, 3);
    assert.ok(json.streaming_stats.ttft.p50 > 0, "streaming stats are real, not zero");
    assert.ok(json.streaming_stats.tokens_per_second.avg > 0);
    assert.ok(json.memory.rss_bytes > 0);

    const prom = await (await fetch(`${server.url}/metrics/prometheus`)).text();
    assert.match(
      prom,
      /fakeai_requests_total\{endpoint="\/v1\/chat\/completions",method="POST",status="200",model="gpt-4o"\} 6/,
    );
    assert.match(
      prom,
      new RegExp(`fakeai_tokens_total\\{model="gpt-4o",kind="completion"\\} ${completion}\\n`),
    );
    assert.match(prom, /fakeai_ttft_seconds_count 3\n/);
    assert.deepEqual(await promtoolCheckMetrics(prom), { ok: true, output: "" });

    const vllm = await (await fetch(`${server.url}/metrics/vllm`)).text();
    assert.match(
      vllm,
      new RegExp(
        `vllm:generation_tokens_total\\{model_name="gpt-4o",engine="0"\\} ${completion}\\n`,
      ),
    );
    assert.match(
      vllm,
      /vllm:time_to_first_token_seconds_count\{model_name="gpt-4o",engine="0"\} 6\n/,
    );
    assert.match(vllm, /vllm:num_requests_running\{model_name="gpt-4o",engine="0"\} 0\n/);
    // vLLM's own names contain ':', which promtool's linter flags; nothing else may be wrong.
    const check = await promtoolCheckMetrics(vllm);
    const problems = check.output.split("\n").filter((l) =>
      l && !l.endsWith("metric names should not contain ':'")
    );
    assert.deepEqual(problems, []);
  } finally {
    assert.equal(await server.stop(), 0);
  }
});

Deno.test("e2e metrics: FAKEAI_METRICS_ENABLED=false turns the endpoints off", async () => {
  const server = await startFakeAI({ env: { FAKEAI_METRICS_ENABLED: "false" } });
  try {
    const res = await fetch(`${server.url}/metrics`);
    assert.equal(res.status, 404);
    assert.equal((await res.json()).error.code, "metrics_disabled");
  } finally {
    await server.stop();
  }
});
