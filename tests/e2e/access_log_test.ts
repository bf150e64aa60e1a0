/**
 * The access log is written in batches: a line still shows up promptly for someone tailing stdout
 * or the log file, and a clean shutdown (SIGTERM, SIGINT) writes every line still queued. The
 * operations guide's greps find the failures in the log file.
 */
import assert from "node:assert/strict";
import { FAST_ARGS, startFakeAI } from "../support/fakeai_process.ts";
import { waitFor } from "../support/wait.ts";

const accessLines = (lines: readonly string[]) =>
  lines.filter((l) => l.includes('"request_id"')).map((l) => JSON.parse(l));

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  Deno.test(`access log: a line shows up while serving; ${signal} writes every queued line`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "fakeai-access-" });
    const logFile = `${dir}/fakeai.log`;
    const server = await startFakeAI({ args: [...FAST_ARGS, "--log-file", logFile] });
    const ids: string[] = [];
    const send = async (i: number) => {
      const id = `req-${signal}-${i}`;
      ids.push(id);
      const res = await fetch(`${server.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-request-id": id },
        body: JSON.stringify({
          model: "gpt-4o",
          messages: [{ role: "user", content: "hi" }],
          max_tokens: 4,
        }),
      });
      await res.text();
    };
    let code: number;
    try {
      // Tailing: the second line, queued right behind the first, comes without any further
      // request or signal.
      await send(0);
      await send(1);
      await waitFor(
        "the first two access lines on stdout",
        () => accessLines(server.stdout).length === 2,
        { attempts: 200, intervalMs: 10 },
      );
      // A burst, then the signal at once: the last of these lines are still queued when it comes.
      for (let i = 2; i <= 40; i++) await send(i);
    } finally {
      code = await server.stop(signal);
    }
    try {
      assert.equal(code, 0);
      const out = accessLines(server.stdout);
      assert.deepEqual(out.map((l) => l.request_id), ids, "every line on stdout, in order");
      for (const line of out) {
        assert.equal(line.path, "/v1/chat/completions");
        assert.equal(line.status, 200);
        assert.equal(line.level, "info");
        assert.equal(line.msg, "request");
      }
      const file = accessLines(Deno.readTextFileSync(logFile).split("\n").filter(Boolean));
      assert.deepEqual(file, out, "the log file has the same lines");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

/** Runs the real `grep` over `file`: the lines it prints (none when nothing matches). */
async function grep(args: string[], file: string): Promise<string[]> {
  const out = await new Deno.Command("grep", { args: [...args, file], stdout: "piped" }).output();
  return new TextDecoder().decode(out.stdout).split("\n").filter(Boolean);
}

Deno.test("access log: grep -i error finds the 4xx/5xx lines, grep 'rate limit' the 429s", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fakeai-access-" });
  const logFile = `${dir}/fakeai.log`;
  const server = await startFakeAI({ args: [...FAST_ARGS, "--debug", "--log-file", logFile] });
  const send = async (id: string, path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}${path}`, {
      headers: { "x-request-id": id, ...headers },
    });
    await res.body?.cancel();
  };
  try {
    await send("ok", "/v1/models");
    await send("missing", "/v1/nope");
    await send("limited", "/v1/models", { "x-fakeai-error": "429" });
    await send("crashed", "/v1/models", { "x-fakeai-error": "500" });
    await waitFor(
      "four access lines on stdout",
      () => accessLines(server.stdout).length === 4,
      { attempts: 200, intervalMs: 10 },
    );
  } finally {
    assert.equal(await server.stop(), 0);
  }
  try {
    // Sorted: with --workers (E2E_WORKERS) several isolates write, each in its own order.
    const ids = (lines: string[]) => accessLines(lines).map((l) => l.request_id).sort();
    assert.deepEqual(ids(await grep(["-i", "error"], logFile)), ["crashed", "limited", "missing"]);
    assert.deepEqual(ids(await grep(["rate limit"], logFile)), ["limited"]);
    const levels = Object.fromEntries(
      accessLines(await grep(["request_id"], logFile)).map((l) => [l.request_id, l.level]),
    );
    assert.deepEqual(levels, { ok: "info", missing: "warn", limited: "warn", crashed: "error" });
    // --debug: the readable lines on stderr start with the level of a failure.
    const readable = new Map(
      server.stderr.flatMap((l) => {
        const id = l.match(/ id=(ok|missing|limited|crashed)$/)?.[1];
        return id ? [[id, l] as const] : [];
      }),
    );
    assert.deepEqual(
      ["ok", "missing", "limited", "crashed"].map((id) => readable.get(id)?.split(" ")[0]),
      ["GET", "warn", "warn", "error"],
    );
    assert.match(
      readable.get("limited")!,
      /^warn GET \/v1\/models 429 [\d.]+ms error=rate_limit_exceeded id=limited$/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
