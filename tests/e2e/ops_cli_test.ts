/** `fakeai healthcheck`, `fakeai status` and `fakeai metrics` against a real server process. */
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

Deno.test("ops cli: the main help lists the operations commands", async () => {
  const r = await runCli(["--help"]);
  for (const command of ["healthcheck", "status", "metrics"]) {
    assert.match(r.stdout, new RegExp(`^  fakeai ${command} `, "m"));
  }
});
