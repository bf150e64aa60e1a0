/** The server process: port in use, graceful shutdown on signals, auto-detected config file. */
import assert from "node:assert/strict";
import { type FakeAIProcess, runCli, startFakeAI } from "../support/fakeai_process.ts";
import { withTempDir } from "../support/temp_dir.ts";

Deno.test("cli: port already in use → exit 1 with one clear line naming the port", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const port = listener.addr.port;
    const r = await runCli(["server", "--port", String(port)]);
    assert.equal(r.code, 1);
    const lines = r.stderr.split("\n").filter((l) => l.trim() !== "");
    assert.equal(lines.length, 1, r.stderr);
    assert.ok(lines[0].includes(String(port)), lines[0]);
    assert.match(lines[0], /in use/);
    assert.doesNotMatch(r.stderr, /^\s+at /m);
  } finally {
    listener.close();
  }
});

/**
 * One served request proves the server finished starting. src/app/serve.ts logs "listening"
 * (from onListen) before it installs its SIGINT/SIGTERM listeners, so a signal sent the moment
 * that line appears can still hit the default handler (exit 143). The request closes that window.
 */
async function assertServing(server: FakeAIProcess): Promise<void> {
  const health = await fetch(`${server.url}/health`);
  assert.equal(health.status, 200);
  await health.body?.cancel();
}

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  Deno.test(`cli: ${signal} shuts the server down gracefully with exit code 0`, async () => {
    const server = await startFakeAI();
    await assertServing(server);
    assert.equal(await server.stop(signal), 0);
  });
}

Deno.test("cli: fakeai.yaml in the working directory is used and announced on stderr", async () => {
  const yaml = "server:\n  port: 0\n  seed: 7\n";
  await withTempDir({ "fakeai.yaml": yaml }, async (dir) => {
    const server = await startFakeAI({ cwd: dir });
    try {
      const announced = server.stderr.find((l) => l.includes("using config file"));
      assert.ok(announced, server.stderr.join("\n"));
      assert.match(announced, /fakeai\.yaml/);
      await assertServing(server);
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });
});

Deno.test("cli: a config file error stops the server before it listens", async () => {
  await withTempDir({ "fakeai.yaml": "server:\n  port: nope\n" }, async (dir) => {
    const r = await runCli(["server", "--port", "0"], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /server\.port in .*fakeai\.yaml/);
    assert.doesNotMatch(r.stderr, /"listening"/);
  });
});

Deno.test("cli: the guide's config.yaml in the working directory is used and announced", async () => {
  const yaml = "server:\n  port: 0\nrate_limiting:\n  enabled: true\n";
  await withTempDir({ "config.yaml": yaml }, async (dir) => {
    const server = await startFakeAI({ cwd: dir });
    try {
      const announced = server.stderr.find((l) => l.includes("using config file"));
      assert.ok(announced, server.stderr.join("\n"));
      assert.match(announced, /config\.yaml/);
      assert.ok(server.stderr.some((l) => l.includes('"msg":"rate limiting on"')), "applied");
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });
});

Deno.test("cli: FAKEAI_USE_SEMANTIC_EMBEDDINGS=true stops the server with exit 2 and the reason", async () => {
  const r = await runCli(["server", "--port", "0"], {
    env: { FAKEAI_USE_SEMANTIC_EMBEDDINGS: "true" },
  });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /use_semantic_embeddings=true \(from FAKEAI_USE_SEMANTIC_EMBEDDINGS\)/);
  assert.doesNotMatch(r.stderr, /"listening"/);
});
