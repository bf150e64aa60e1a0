/** Authentication end to end: the real CLI, keys from env / flags / files, SIGHUP, the openai SDK. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import OpenAI, { AuthenticationError, toFile } from "openai";
import { type FakeAIProcess, FAST_ARGS, runCli, startFakeAI } from "../support/fakeai_process.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { waitFor } from "../support/wait.ts";

const GOOD = "sk-good-0123456789abcdefghij";
const CHAT = {
  model: "gpt-4o-mini",
  messages: [{ role: "user" as const, content: "Say hello." }],
  max_tokens: 5,
};

const client = (server: FakeAIProcess, apiKey: string) =>
  new OpenAI({ baseURL: server.baseURL, apiKey, maxRetries: 0 });

async function withServer(
  options: { args?: string[]; env?: Record<string, string> },
  fn: (server: FakeAIProcess) => Promise<void>,
) {
  const server = await startFakeAI({
    args: [...FAST_ARGS, ...(options.args ?? [])],
    env: options.env,
  });
  try {
    await fn(server);
  } finally {
    assert.equal(await server.stop(), 0);
  }
}

async function authError(call: Promise<unknown>): Promise<AuthenticationError> {
  try {
    await call;
  } catch (err) {
    assert.ok(err instanceof AuthenticationError, `expected AuthenticationError, got ${err}`);
    return err;
  }
  throw new Error("expected the call to fail with 401");
}

const works = async (server: FakeAIProcess, key: string) =>
  (await client(server, key).chat.completions.create(CHAT)).object === "chat.completion";

/** Bounded wait for a stderr line after index `from` (the server logs each reload). */
async function waitForLog(server: FakeAIProcess, pattern: RegExp, from = 0): Promise<string> {
  return await waitFor(
    () => `a log line ${pattern}:\n${server.stderr.join("\n")}`,
    () => server.stderr.slice(from).find((l) => pattern.test(l)),
    { attempts: 2000, intervalMs: 5 },
  );
}

Deno.test("e2e auth: FAKEAI_REQUIRE_API_KEY + FAKEAI_API_KEYS with the openai SDK", async () => {
  const env = { FAKEAI_REQUIRE_API_KEY: "true", FAKEAI_API_KEYS: `${GOOD},sk-other` };
  await withServer({ env }, async (server) => {
    assert.match(server.stderr.join("\n"), /"msg":"authentication on","reason":"FAKEAI_REQUIRE/);
    assert.equal(await works(server, GOOD), true);
    assert.equal(await works(server, "sk-other"), true);

    const wrong = "sk-proj-WRONGKEY0000000000000000wxyz";
    const bad = await authError(client(server, wrong).chat.completions.create(CHAT));
    assert.equal(bad.status, 401);
    assert.equal(bad.code, "invalid_api_key");
    assert.equal(bad.type, "invalid_request_error");
    const masked = `sk-proj-${"*".repeat(wrong.length - 12)}wxyz`;
    assert.ok(
      bad.message.startsWith(`401 Incorrect API key provided: ${masked}. You can`),
      bad.message,
    );

    const anonymous = new OpenAI({
      baseURL: server.baseURL,
      apiKey: "unused",
      maxRetries: 0,
      defaultHeaders: { Authorization: null },
    });
    const missing = await authError(anonymous.models.list());
    assert.equal(missing.code, null);
    assert.match(missing.message, /You didn't provide an API key/);

    // Open routes need no key; admin routes do.
    assert.equal((await fetch(`${server.url}/health`)).status, 200);
    assert.equal((await fetch(`${server.url}/metrics/prometheus`)).status, 200);
    const admin = await fetch(`${server.url}/admin/clear-cache`, { method: "POST" });
    assert.equal(admin.status, 401);
    await admin.body?.cancel();

    // Batch lines run with the creator's key, so they pass authentication too.
    const sdk = client(server, GOOD);
    const rows = ["a", "b"].map((id) => ({
      custom_id: id,
      method: "POST",
      url: "/v1/chat/completions",
      body: CHAT,
    }));
    const text = rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
    const file = await sdk.files.create({
      file: await toFile(new TextEncoder().encode(text), "b.jsonl"),
      purpose: "batch",
    });
    const created = await sdk.batches.create({
      input_file_id: file.id,
      endpoint: "/v1/chat/completions",
      completion_window: "24h",
    });
    const batch = await waitFor(`batch ${created.id} to finish`, async () => {
      const batch = await sdk.batches.retrieve(created.id);
      return ["completed", "failed"].includes(batch.status) && batch;
    }, { attempts: 2000, intervalMs: 5 });
    assert.equal(batch.status, "completed");
    assert.deepEqual(batch.request_counts, { total: 2, completed: 2, failed: 0 });
  });
});

Deno.test("e2e auth: --api-key repeated, KEY and FILE, turns auth on without REQUIRE", async () => {
  await withTempDir(
    { "keys.txt": "# team\nsk-from-file-1\nsk-from-file-2  # ci\n" },
    async (dir) => {
      const args = [
        "--api-key",
        "sk-flag-1",
        "--api-key",
        `${dir}/keys.txt`,
        "--api-key=sk-flag-2",
      ];
      await withServer({ args }, async (server) => {
        const on = await waitForLog(server, /"msg":"authentication on"/);
        assert.match(on, /"reason":"API keys were given","keys":4/);
        for (const key of ["sk-flag-1", "sk-flag-2", "sk-from-file-1", "sk-from-file-2"]) {
          assert.equal(await works(server, key), true, key);
        }
        for (const key of ["sk-flag-3", `${dir}/keys.txt`, "# team"]) {
          const err = await authError(client(server, key).models.list());
          assert.equal(err.code, "invalid_api_key", key);
        }
      });
    },
  );
});

Deno.test("e2e auth: SIGHUP re-reads the keys file; a stream opened before keeps going", async () => {
  await withTempDir({ "keys.txt": "sk-key-A-000000000000\n" }, async (dir) => {
    const path = `${dir}/keys.txt`;
    await withServer({ env: { FAKEAI_API_KEYS_FILE: path } }, async (server) => {
      const A = "sk-key-A-000000000000";
      const B = "sk-key-B-111111111111";
      const stream = await client(server, A).chat.completions.create(
        { ...CHAT, max_tokens: 300, stream: true },
        { headers: { "x-fakeai-itl-ms": "10", "x-fakeai-output-tokens": "300" } },
      );
      const iterator = stream[Symbol.asyncIterator]();
      const first = await iterator.next();
      assert.equal(first.done, false, "the stream has started before the reload");

      await Deno.writeTextFile(path, "# rotated\nsk-key-B-111111111111\n");
      const mark = server.stderr.length;
      server.child.kill("SIGHUP");
      assert.match(await waitForLog(server, /API keys reloaded/, mark), /"keys":1/);
      assert.equal(await works(server, B), true);
      assert.equal((await authError(client(server, A).models.list())).code, "invalid_api_key");

      // A broken file is refused: the keys loaded before stay in force.
      await Deno.remove(path);
      const mark2 = server.stderr.length;
      server.child.kill("SIGHUP");
      await waitForLog(server, /API keys reload failed: the previous keys stay in force/, mark2);
      assert.equal(await works(server, B), true);

      let content = 0;
      let finish: string | null = null;
      let r: IteratorResult<OpenAI.ChatCompletionChunk> = first;
      for (; !r.done; r = await iterator.next()) {
        if (r.value.choices[0]?.delta.content) content++;
        finish = r.value.choices[0]?.finish_reason ?? finish;
      }
      assert.equal(content, 300, "every token of the earlier stream arrived");
      assert.equal(finish, "length");
    });
  });
});

Deno.test("e2e auth: FAKEAI_HASH_API_KEYS with sha256: digests from the environment", async () => {
  const digest = createHash("sha256").update("sk-hashed-secret").digest("hex");
  const env = {
    FAKEAI_REQUIRE_API_KEY: "true",
    FAKEAI_HASH_API_KEYS: "true",
    FAKEAI_API_KEYS: `sha256:${digest},sk-plain-secret`,
  };
  await withServer({ env }, async (server) => {
    assert.match(server.stderr.join("\n"), /"authentication on".*"hashed":true/);
    assert.equal(await works(server, "sk-hashed-secret"), true);
    assert.equal(await works(server, "sk-plain-secret"), true);
    const err = await authError(client(server, `sha256:${digest}`).models.list());
    assert.equal(err.code, "invalid_api_key");
  });
});

Deno.test("e2e auth: REQUIRE_API_KEY without keys, or an unreadable keys file → exit 2", async () => {
  const none = await runCli(["server", "--port", "0"], { env: { FAKEAI_REQUIRE_API_KEY: "true" } });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /invalid configuration \(1 problem\):\n {2}- no API keys configured/);
  assert.doesNotMatch(none.stderr, /"listening"/);

  const missing = await runCli(["server", "--port", "0"], {
    env: { FAKEAI_API_KEYS_FILE: "/nonexistent/fakeai-keys.txt" },
  });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /API keys file \/nonexistent\/fakeai-keys\.txt: cannot read it/);
});

Deno.test("e2e auth: the guide's fix FAKEAI_REQUIRE_API_KEY=false turns keys off, with a warning", async () => {
  const env = { FAKEAI_REQUIRE_API_KEY: "false", FAKEAI_API_KEYS: GOOD };
  await withServer({ env }, async (server) => {
    const reply = await client(server, "sk-anything-else").chat.completions.create(CHAT);
    assert.equal(reply.object, "chat.completion");
    const keyless = await fetch(`${server.baseURL}/models`);
    assert.equal(keyless.status, 200);
    await keyless.body?.cancel();
    const warning = server.stderr.find((l) => l.includes("authentication off"));
    assert.ok(warning, server.stderr.join("\n"));
    assert.equal(JSON.parse(warning).level, "warn");
    assert.ok(!server.stderr.some((l) => l.includes('"msg":"authentication on"')));
  });
});
