/** `fakeai admin`: the key it sends, what it prints, and its exit codes (a fake server). */
import assert from "node:assert/strict";
import { adminCommand } from "../../src/cli/admin_command.ts";
import type { Fetch } from "../../src/cli/ops_client.ts";
import { withTempDir } from "../support/temp_dir.ts";

interface Sent {
  url: string;
  method?: string;
  authorization?: string;
}

function run(argv: string[], answer: (sent: Sent) => Response, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const sent: Sent[] = [];
  const fetchImpl: Fetch = (url, init) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const request = { url, method: init?.method, authorization: headers.authorization };
    sent.push(request);
    return Promise.resolve(answer(request));
  };
  const io = {
    out: (l: string) => out.push(l),
    err: (l: string) => err.push(l),
    env: { FAKEAI_PORT: "8123", ...env },
    cwd: "/nonexistent-dir",
  };
  return adminCommand(argv, io, fetchImpl).then((code) => ({ code, out, err, sent }));
}

const cleared = () => Response.json({ status: "cleared", cache: "prompt", entries_removed: 2 });
/** A server that requires the key sk-ops. */
const keyed = (sent: Sent) =>
  sent.authorization === "Bearer sk-ops" ? cleared() : Response.json(
    { error: { message: "Incorrect API key provided.", type: "invalid_request_error" } },
    { status: 401 },
  );

Deno.test("admin: POSTs the action to the configured port and prints the server's answer", async () => {
  const r = await run(["clear-cache"], cleared);
  assert.equal(r.code, 0);
  assert.deepEqual(r.sent, [{
    url: "http://127.0.0.1:8123/admin/clear-cache",
    method: "POST",
    authorization: undefined,
  }]);
  assert.deepEqual(r.out, ['{"status":"cleared","cache":"prompt","entries_removed":2}']);
  assert.deepEqual(r.err, []);
  const kv = await run(["clear-kv-cache", "--url", "http://fakeai-1:8000/"], cleared);
  assert.equal(kv.sent[0].url, "http://fakeai-1:8000/admin/clear-kv-cache");
});

Deno.test("admin: the key comes from --api-key, --api-key-file or FAKEAI_ADMIN_KEY", async () => {
  const key = "# the ops key\n\n  sk-ops   # rotated monthly\nsk-other\n";
  await withTempDir({ "admin.key": key }, async (dir) => {
    const file = `${dir}/admin.key`;
    for (
      const [argv, env] of [
        [["--api-key", "sk-ops"], {}],
        [["--api-key=sk-ops"], { FAKEAI_ADMIN_KEY: "sk-other" }], // the flag wins
        [["--api-key-file", file], {}],
        [[`--api-key-file=${file}`], { FAKEAI_ADMIN_KEY: "sk-other" }],
        [[], { FAKEAI_ADMIN_KEY: "sk-ops" }],
      ] as Array<[string[], Record<string, string>]>
    ) {
      const r = await run(["clear-cache", ...argv], keyed, env);
      assert.equal(r.code, 0, `${argv} ${JSON.stringify(env)}: ${r.err}`);
      assert.equal(r.sent[0].authorization, "Bearer sk-ops");
    }
  });
});

Deno.test("admin: a refused key or an unreachable server is exit 1 with one line", async () => {
  const none = await run(["clear-cache"], keyed);
  assert.equal(none.code, 1);
  assert.deepEqual(none.out, []);
  assert.deepEqual(none.err, [
    "fakeai admin clear-cache: http://127.0.0.1:8123/admin/clear-cache: HTTP 401: Incorrect API " +
    "key provided. (no key sent: give --api-key-file PATH, --api-key KEY or FAKEAI_ADMIN_KEY)",
  ]);
  const wrong = await run(["clear-cache"], keyed, { FAKEAI_ADMIN_KEY: "sk-old" });
  assert.equal(wrong.code, 1);
  assert.match(
    wrong.err[0],
    /HTTP 401: Incorrect API key provided\. \(the key from FAKEAI_ADMIN_KEY\)$/,
  );

  const broken = await run(
    ["clear-kv-cache"],
    () => new Response("upstream down", { status: 502 }),
  );
  assert.equal(broken.code, 1);
  assert.deepEqual(broken.err, [
    "fakeai admin clear-kv-cache: http://127.0.0.1:8123/admin/clear-kv-cache: HTTP 502: upstream down",
  ]);

  const down = await run(["clear-cache"], () => {
    throw new TypeError("error sending request: connection refused (os error 111)");
  });
  assert.equal(down.code, 1);
  assert.deepEqual(down.err, [
    "fakeai admin clear-cache: cannot reach http://127.0.0.1:8123/admin/clear-cache: connection refused",
  ]);
});

Deno.test("admin: usage errors are exit 2 and send nothing; --help is exit 0", async () => {
  await withTempDir({ "empty.key": "# no key yet\n\n" }, async (dir) => {
    const cases: Array<[string[], RegExp]> = [
      [[], /^fakeai admin: no action: expected clear-cache or clear-kv-cache/],
      [["flush"], /^fakeai admin: unknown action "flush": expected clear-cache or clear-kv-cache/],
      [["clear-cache", "--api-key"], /^fakeai admin clear-cache: --api-key: expects a value$/],
      [["clear-cache", "--api-key="], /^fakeai admin clear-cache: --api-key: expects a value$/],
      [["clear-cache", "--api-key-file"], /--api-key-file: expects a value$/],
      [["clear-cache", "--api-key", "a", "--api-key-file", "b"], /not both$/],
      [["clear-cache", "--api-key-file", `${dir}/absent`], /cannot read .*absent: no such file$/],
      [["clear-cache", "--api-key-file", `${dir}/empty.key`], /--api-key-file: no key in /],
      [["clear-cache", "--format=json"], /unknown flag --format=json$/],
      [["clear-cache", "--url", "ftp://x"], /--url: expected an http/],
    ];
    for (const [argv, pattern] of cases) {
      const r = await run(argv, cleared);
      assert.equal(r.code, 2, argv.join(" "));
      assert.equal(r.err.length, 1, `${argv.join(" ")}: ${r.err}`);
      assert.match(r.err[0], pattern);
      assert.deepEqual(r.sent, [], argv.join(" "));
    }
  });
  for (const argv of [["--help"], ["-h"], ["clear-cache", "--help"]]) {
    const r = await run(argv, cleared);
    assert.equal(r.code, 0);
    assert.match(r.out[0], /^Usage: fakeai admin clear-cache\|clear-kv-cache/);
  }
});
