/** HTTPS straight from the CLI (--tls-cert / --tls-key or the env vars), with a self-signed pair. */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { FAST_ARGS, runCli, startFakeAI } from "../support/fakeai_process.ts";
import { selfSigned } from "../support/self_signed.ts";

Deno.test("e2e: --tls-cert/--tls-key serve HTTPS to clients that trust the certificate", async () => {
  const pair = await selfSigned();
  const server = await startFakeAI({
    args: [...FAST_ARGS, "--tls-cert", pair.cert, "--tls-key", pair.key],
  });
  const http = Deno.createHttpClient({ caCerts: [pair.pem] });
  try {
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${server.url}/health`, { client: http });
    assert.equal(health.status, 200);
    assert.equal((await health.json()).status, "healthy");
    // A client that does not trust the certificate cannot connect.
    await assert.rejects(fetch(`${server.url}/health`), TypeError);

    const openai = new OpenAI({
      baseURL: server.baseURL,
      apiKey: "sk-test",
      maxRetries: 0,
      fetch: (input: string | URL | Request, init?: RequestInit) =>
        fetch(input, { ...init, client: http }),
    });
    const res = await openai.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Hello over TLS" }],
      max_tokens: 5,
    });
    assert.equal(res.object, "chat.completion");
    const stream = await openai.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Stream over TLS" }],
      max_tokens: 4,
      stream: true,
    });
    let chunks = 0;
    for await (const _ of stream) chunks++;
    assert.ok(chunks >= 2);
  } finally {
    http.close();
    assert.equal(await server.stop(), 0);
    await Deno.remove(pair.dir, { recursive: true });
  }
});

Deno.test("e2e: FAKEAI_TLS_CERT / FAKEAI_TLS_KEY do the same from the environment", async () => {
  const pair = await selfSigned();
  const server = await startFakeAI({
    args: FAST_ARGS,
    env: { FAKEAI_TLS_CERT: pair.cert, FAKEAI_TLS_KEY: pair.key },
  });
  const http = Deno.createHttpClient({ caCerts: [pair.pem] });
  try {
    assert.ok(server.url.startsWith("https://"));
    const listening = server.stderr.find((l) => l.includes('"msg":"listening"'))!;
    assert.equal(JSON.parse(listening).url, server.url);
    const models = await fetch(`${server.baseURL}/models`, { client: http });
    assert.equal(models.status, 200);
    await models.body?.cancel();
  } finally {
    http.close();
    assert.equal(await server.stop(), 0);
    await Deno.remove(pair.dir, { recursive: true });
  }
});

Deno.test("e2e: bad TLS settings exit 2 with a clear message", async () => {
  const pair = await selfSigned();
  const server = (args: string[], env: Record<string, string> = {}) =>
    runCli(["server", "--port", "0", ...args], { env });
  try {
    const onlyKey = await server([], { FAKEAI_TLS_KEY: pair.key });
    assert.equal(onlyKey.code, 2);
    assert.match(onlyKey.stderr, /--tls-key \(FAKEAI_TLS_KEY\) is set but --tls-cert/);

    const swapped = await server(["--tls-cert", pair.key, "--tls-key", pair.cert]);
    assert.equal(swapped.code, 2);
    assert.match(swapped.stderr, /is not a PEM certificate/);
  } finally {
    await Deno.remove(pair.dir, { recursive: true });
  }
});

Deno.test("e2e: `fakeai healthcheck` reaches a TLS server through its own certificate", async () => {
  const pair = await selfSigned();
  const env = { FAKEAI_TLS_CERT: pair.cert, FAKEAI_TLS_KEY: pair.key };
  const server = await startFakeAI({ env });
  try {
    const port = new URL(server.url).port;
    const check = await runCli(["healthcheck"], { env: { ...env, FAKEAI_PORT: port } });
    assert.equal(check.code, 0, check.stderr);
  } finally {
    await server.stop();
    await Deno.remove(pair.dir, { recursive: true });
  }
});
