/**
 * Metrics persistence through the real CLI: SIGTERM writes a final snapshot, a restart on the same
 * file (or on a copy, the guide's backup/restore) continues the counters and serves the history,
 * and a bad database path stops startup with one clear line and exit code 1.
 */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { type FakeAIProcess, runCli, startFakeAI } from "../support/fakeai_process.ts";
import { withTempDb } from "../support/temp_db.ts";

const persistenceEnv = (path: string) => ({
  FAKEAI_METRICS_PERSISTENCE_ENABLED: "true",
  FAKEAI_METRICS_DB_PATH: path,
});
const ARGS = ["--response-delay", "0", "--ttft", "2", "--itl", "1"];
const BODY = {
  model: "gpt-4o",
  messages: [{ role: "user" as const, content: "hello" }],
  max_tokens: 6,
};

async function workload(server: FakeAIProcess, n: number): Promise<number> {
  const client = new OpenAI({ baseURL: server.baseURL, apiKey: "sk", maxRetries: 0 });
  let completion = 0;
  for (let i = 0; i < n; i++) {
    completion += (await client.chat.completions.create(BODY)).usage!.completion_tokens;
    const stream = await client.chat.completions.create({
      ...BODY,
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const chunk of stream) completion += chunk.usage?.completion_tokens ?? 0;
  }
  await assert.rejects(client.chat.completions.create({ ...BODY, temperature: 7 }));
  return completion;
}

async function prometheus(server: FakeAIProcess) {
  const text = await (await fetch(`${server.url}/metrics/prometheus`)).text();
  const value = (pattern: string) => {
    const m = new RegExp(`^${pattern} (\\S+)$`, "m").exec(text);
    return m ? Number(m[1]) : 0;
  };
  return {
    ok: value(
      'fakeai_requests_total\\{endpoint="/v1/chat/completions",method="POST",status="200",model="gpt-4o"\\}',
    ),
    bad: value(
      'fakeai_requests_total\\{endpoint="/v1/chat/completions",method="POST",status="400",model="[^"]*"\\}',
    ),
    completion: value('fakeai_tokens_total\\{model="gpt-4o",kind="completion"\\}'),
    streams: value('fakeai_streams_total\\{outcome="completed"\\}'),
  };
}

async function history(server: FakeAIProcess, metric: string, labels: Record<string, string>) {
  const url = `${server.url}/metrics/history?metric=${encodeURIComponent(metric)}&labels=${
    encodeURIComponent(JSON.stringify(labels))
  }`;
  const res = await fetch(url);
  assert.equal(res.status, 200);
  return await res.json();
}

Deno.test("e2e metrics persistence: counters continue after a restart, on the file and on a copy", () =>
  withTempDb(async (_, dir) => {
    const path = `${dir}/var/lib/fakeai/metrics.db`; // a missing directory: created at startup
    const first = await startFakeAI({ args: ARGS, env: persistenceEnv(path) });
    let before;
    let completion;
    try {
      completion = await workload(first, 3);
      before = await prometheus(first);
      assert.deepEqual(before, { ok: 6, bad: 1, completion, streams: 3 });
    } finally {
      assert.equal(await first.stop("SIGTERM"), 0);
    }
    const backup = `${dir}/backup/metrics-20251005.db`;
    await Deno.mkdir(`${dir}/backup`);
    await Deno.copyFile(path, backup); // the guide's backup: cp while stopped

    const second = await startFakeAI({ args: ARGS, env: persistenceEnv(path) });
    try {
      assert.deepEqual(await prometheus(second), before, "restored before any new request");
      const more = await workload(second, 1);
      assert.deepEqual(await prometheus(second), {
        ok: 8,
        bad: 2,
        completion: completion + more,
        streams: 4,
      });
      const series = await history(second, "fakeai_requests_total", {
        endpoint: "/v1/chat/completions",
        status: "200",
      });
      assert.equal(series.object, "list");
      assert.equal(series.metric, "fakeai_requests_total");
      assert.deepEqual(series.data.map((p: { value: number }) => p.value), [6]);
      assert.deepEqual(series.data[0].labels, {
        endpoint: "/v1/chat/completions",
        method: "POST",
        status: "200",
        model: "gpt-4o",
      });
      assert.ok(Math.abs(series.data[0].timestamp - Date.now() / 1000) < 600);

      // A second server on the same file is refused with one line.
      const clash = await runCli(["server", "--port", "0"], { env: persistenceEnv(path) });
      assert.equal(clash.code, 1);
      assert.match(oneLine(clash.stderr), /metrics database .*: in use by another FakeAI process/);
    } finally {
      assert.equal(await second.stop(), 0);
    }

    const restored = await startFakeAI({ args: ARGS, env: persistenceEnv(backup) });
    try {
      assert.deepEqual(await prometheus(restored), before);
      const series = await history(restored, "fakeai_tokens_total", { kind: "completion" });
      assert.deepEqual(series.data.map((p: { value: number }) => p.value), [completion]);
      const names = (await (await fetch(`${restored.url}/metrics/history`)).json()).data
        .map((m: { name: string }) => m.name);
      assert.ok(names.includes("vllm:request_success_total"), names.join());
    } finally {
      assert.equal(await restored.stop(), 0);
    }
  }));

function oneLine(stderr: string): string {
  const lines = stderr.trim().split("\n");
  assert.equal(lines.length, 1, `exactly one line on stderr, got:\n${stderr}`);
  assert.doesNotMatch(lines[0], /\bat .*:\d+:\d+|Error:/, "no stack trace");
  return lines[0];
}

Deno.test("e2e metrics persistence: a corrupt file → exit 1 with one clear line, file untouched", () =>
  withTempDb(async (path) => {
    const garbage = new Uint8Array(8192).map((_, i) => (i * 197 + 11) % 256);
    await Deno.writeFile(path, garbage);
    const out = await runCli(["server", "--port", "0"], { env: persistenceEnv(path) });
    assert.equal(out.code, 1);
    assert.equal(
      oneLine(out.stderr),
      `fakeai: error: metrics database ${path}: not a SQLite database (file is not a database); move it away or restore a backup`,
    );
    assert.deepEqual(await Deno.readFile(path), garbage);
  }));

Deno.test("e2e metrics persistence: a path under a regular file → exit 1 with one clear line", () =>
  withTempDb(async (_, dir) => {
    await Deno.writeTextFile(`${dir}/not-a-dir`, "x");
    const path = `${dir}/not-a-dir/metrics.db`;
    const out = await runCli(["server", "--port", "0"], { env: persistenceEnv(path) });
    assert.equal(out.code, 1);
    assert.equal(
      oneLine(out.stderr),
      `fakeai: error: metrics database ${path}: cannot create its directory ${dir}/not-a-dir: a path on the way is a file, not a directory`,
    );
    assert.equal(out.stdout, "");
  }));
