/**
 * The access log is written in batches: a line still shows up promptly for someone tailing stdout
 * or the log file, and a clean shutdown (SIGTERM, SIGINT) writes every line still queued.
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
      }
      const file = accessLines(Deno.readTextFileSync(logFile).split("\n").filter(Boolean));
      assert.deepEqual(file, out, "the log file has the same lines");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
