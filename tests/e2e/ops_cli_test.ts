/**
 * `fakeai healthcheck`, `fakeai status`, `fakeai metrics` and `fakeai admin` against a real server
 * process.
 */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { type FakeAIProcess, FAST_ARGS, runCli, startFakeAI } from "../support/fakeai_process.ts";
import { waitFor } from "../support/wait.ts";

async function withServer(
  fn: (server: FakeAIProcess, env: Record<string, string>) => Promise<void>,
  options: { args?: string[]; env?: Record<string, string> } = {},
) {
  const server = await startFakeAI({ args: options.args ?? FAST_ARGS, env: options.env });
  try {
    // As in the container: the ops commands find the server through FAKEAI_PORT.
    await fn(server, { FAKEAI_PORT: new URL(server.url).port });
  } finally {
    assert.equal(await server.stop(), 0);
  }
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

Deno.test("ops cli: healthcheck exits 0 on a healthy server, via FAKEAI_PORT or --url", async () => {
  await withServer(async (server, env) => {
    const byPort = await runCli(["healthcheck"], { env });
    assert.equal(byPort.code, 0, byPort.stderr);
    assert.match(
      byPort.stdout,
      /^healthy: http:\/\/127\.0\.0\.1:\d+\/health \(version [\d.]+, uptime [\d.]+ s\)\n$/,
    );
    assert.equal(byPort.stderr, "");
    const byUrl = await runCli(["healthcheck", "--url", server.url, "--timeout", "2"]);
    assert.equal(byUrl.code, 0, byUrl.stderr);
  });
});

Deno.test("ops cli: healthcheck exits 1 with one line when nothing listens; 2 on bad usage", async () => {
  const port = freePort();
  const down = await runCli(["healthcheck"], { env: { FAKEAI_PORT: String(port) } });
  assert.equal(down.code, 1);
  assert.equal(down.stdout, "");
  assert.equal(
    down.stderr,
    `fakeai healthcheck: unhealthy: http://127.0.0.1:${port}/health: connection refused\n`,
  );
  const usage = await runCli(["healthcheck", "--format", "json"]);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /unknown flag --format/);
  const help = await runCli(["healthcheck", "--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: fakeai healthcheck/);
});

Deno.test("ops cli: healthcheck fails while the server drains", async () => {
  const server = await startFakeAI({
    args: [
      "--response-delay",
      "0",
      "--ttft",
      "0",
      "--itl",
      "200",
      "--shutdown-grace-seconds",
      "60",
    ],
  });
  const client = new OpenAI({ baseURL: server.baseURL, apiKey: "sk", maxRetries: 0 });
  const abort = new AbortController();
  const stream = await client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "user", content: "a long answer" }],
    max_tokens: 500,
    ignore_eos: true,
    stream: true,
  } as OpenAI.ChatCompletionCreateParamsStreaming, { signal: abort.signal });
  const iterator = stream[Symbol.asyncIterator]();
  await iterator.next(); // the stream is running: the server has a request in flight
  server.child.kill("SIGTERM");
  await waitFor(
    "the server to start shutting down",
    () => server.stderr.some((l) => l.includes('"shutting down"')),
    { attempts: 500, intervalMs: 10 },
  );
  const r = await runCli(["healthcheck", "--url", server.url]);
  abort.abort();
  await iterator.return?.().catch(() => {});
  assert.equal(await server.stop(), 0);
  assert.equal(r.code, 1);
  // Deno closes the listening socket when draining starts: a new connection is refused, one
  // that was open gets the 503. Either way the check fails.
  assert.match(
    r.stderr,
    /^fakeai healthcheck: unhealthy: .*\/health: (HTTP 503: shutting_down|connection refused)\n$/,
  );
});

Deno.test("ops cli: status shows health and the key metrics", async () => {
  await withServer(async (server, env) => {
    const client = new OpenAI({ baseURL: server.baseURL, apiKey: "sk", maxRetries: 0 });
    await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "hi" }],
      max_tokens: 5,
    });
    const r = await runCli(["status"], { env });
    assert.equal(r.code, 0, r.stderr);
    const labels = [
      "uptime",
      "requests/s",
      "p99 latency",
      "tokens/s",
      "active streams",
      "error rate",
    ];
    for (const label of labels) {
      assert.match(r.stdout, new RegExp(`^  ${label.replace("/", "\\/")}\\s`, "m"));
    }
    assert.match(r.stdout, /^FakeAI [\d.]+ at http:\/\/127\.0\.0\.1:\d+: healthy$/m);
    assert.match(r.stdout, /\(\/v1\/chat\/completions\)/);
    assert.match(r.stdout, /requests total\s+\d+\s+\(2xx \d+\)/);
  });
});

Deno.test("ops cli: status says so when metrics are off, and fails on an unreachable server", async () => {
  await withServer(async (_server, env) => {
    const r = await runCli(["status"], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /metrics\s+disabled on this server/);
  }, { env: { FAKEAI_METRICS_ENABLED: "false" } });
  const down = await runCli(["status", "--url", `http://127.0.0.1:${freePort()}`]);
  assert.equal(down.code, 1);
  assert.match(down.stderr, /^fakeai status: cannot reach .*: connection refused\n$/);
});

Deno.test("ops cli: metrics prints JSON or Prometheus text; --watch repeats --count times", async () => {
  await withServer(async (_server, env) => {
    const json = await runCli(["metrics"], { env });
    assert.equal(json.code, 0, json.stderr);
    const body = JSON.parse(json.stdout);
    assert.ok("requests" in body && "streaming_stats" in body);
    assert.ok(json.stdout.includes('\n  "requests"'), "pretty-printed");

    const prom = await runCli(["metrics", "--format", "prometheus"], { env });
    assert.equal(prom.code, 0, prom.stderr);
    assert.match(prom.stdout, /^# TYPE fakeai_requests_total counter$/m);

    const watch = await runCli(["metrics", "--watch", "0.05", "--count", "3"], { env });
    assert.equal(watch.code, 0, watch.stderr);
    const lines = watch.stdout.trim().split("\n");
    assert.equal(lines.length, 3, "one compact JSON line per refresh");
    for (const line of lines) assert.ok("tokens" in JSON.parse(line));

    const promWatch = await runCli(
      ["metrics", "--format=prometheus", "--watch=0.05", "--count=2"],
      { env },
    );
    assert.equal(promWatch.code, 0, promWatch.stderr);
    assert.equal(promWatch.stdout.match(/^# fakeai metrics at \d{4}-\d\d-\d\dT/gm)?.length, 2);

    const bad = await runCli(["metrics", "--format", "xml"], { env });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--format: expected json or prometheus, got "xml"/);
  });
});

Deno.test("ops cli: admin clears the caches of a server that requires keys, with the key given three ways", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fakeai-admin-" });
  const keyFile = `${dir}/admin.key`;
  Deno.writeTextFileSync(keyFile, "sk-ops-1\n");
  const keys = { FAKEAI_REQUIRE_API_KEY: "true", FAKEAI_API_KEYS: "sk-ops-1" };
  try {
    await withServer(async (server, env) => {
      const client = new OpenAI({ baseURL: server.baseURL, apiKey: "sk-ops-1", maxRetries: 0 });
      // Long enough (1024+ tokens) for the prompt cache; any prompt fills KV-cache blocks.
      const fillCaches = () =>
        client.chat.completions.create({
          model: "gpt-4o",
          messages: [{ role: "user", content: "A long shared context sentence. ".repeat(300) }],
          max_tokens: 2,
        });
      const kvMetrics = async () => {
        const res = await fetch(`${server.url}/kv-cache/metrics`, {
          headers: { authorization: "Bearer sk-ops-1" },
        });
        const body = await res.json();
        const workers = Object.values(body.smart_router.worker_stats) as {
          cached_blocks: number;
        }[];
        return {
          promptEntries: body.prompt_cache.entries as number,
          cachedBlocks: workers.reduce((sum, w) => sum + w.cached_blocks, 0),
        };
      };
      await fillCaches();
      const filled = await kvMetrics();
      assert.ok(filled.promptEntries >= 1 && filled.cachedBlocks > 0, JSON.stringify(filled));

      const refused = await runCli(["admin", "clear-cache"], { env });
      assert.equal(refused.code, 1);
      assert.equal(refused.stdout, "");
      assert.match(
        refused.stderr,
        /^fakeai admin clear-cache: http:\/\/127\.0\.0\.1:\d+\/admin\/clear-cache: HTTP 401: .*\(no key sent: give --api-key-file PATH, --api-key KEY or FAKEAI_ADMIN_KEY\)\n$/,
      );

      const byFlag = await runCli(["admin", "clear-cache", "--api-key", "sk-ops-1"], { env });
      assert.equal(byFlag.code, 0, byFlag.stderr);
      const prompt = JSON.parse(byFlag.stdout);
      assert.equal(prompt.status, "cleared");
      assert.equal(prompt.cache, "prompt");
      assert.equal(prompt.entries_removed, filled.promptEntries);
      assert.deepEqual(await kvMetrics(), { ...filled, promptEntries: 0 });

      const byEnv = await runCli(["admin", "clear-kv-cache"], {
        env: { ...env, FAKEAI_ADMIN_KEY: "sk-ops-1" },
      });
      assert.equal(byEnv.code, 0, byEnv.stderr);
      const kv = JSON.parse(byEnv.stdout);
      assert.equal(kv.cache, "kv");
      assert.equal(kv.blocks_removed, filled.cachedBlocks);
      assert.deepEqual(await kvMetrics(), { promptEntries: 0, cachedBlocks: 0 });

      await fillCaches();
      const byFile = await runCli(["admin", "clear-cache", "--api-key-file", keyFile], { env });
      assert.equal(byFile.code, 0, byFile.stderr);
      assert.ok(JSON.parse(byFile.stdout).entries_removed >= 1, byFile.stdout);
      assert.equal((await kvMetrics()).promptEntries, 0);

      const wrong = await runCli(["admin", "clear-cache", "--api-key", "sk-wrong-key-0000"], {
        env,
      });
      assert.equal(wrong.code, 1);
      assert.match(
        wrong.stderr,
        /HTTP 401: Incorrect API key provided: .*\(the key from --api-key\)\n$/,
      );
    }, { args: FAST_ARGS, env: keys });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ops cli: admin exits 1 with one line when nothing listens; 2 on bad usage", async () => {
  const port = freePort();
  const down = await runCli(["admin", "clear-kv-cache"], { env: { FAKEAI_PORT: String(port) } });
  assert.equal(down.code, 1);
  assert.equal(
    down.stderr,
    `fakeai admin clear-kv-cache: cannot reach http://127.0.0.1:${port}/admin/clear-kv-cache: connection refused\n`,
  );
  const unknown = await runCli(["admin", "clear-everything"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^fakeai admin: unknown action "clear-everything"/);
  const missing = await runCli(["admin", "clear-cache", "--api-key-file"]);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, "fakeai admin clear-cache: --api-key-file: expects a value\n");
});

Deno.test("ops cli: the main help lists the operations commands", async () => {
  const r = await runCli(["--help"]);
  for (const command of ["healthcheck", "status", "metrics", "admin"]) {
    assert.match(r.stdout, new RegExp(`^  fakeai ${command} `, "m"));
  }
});
