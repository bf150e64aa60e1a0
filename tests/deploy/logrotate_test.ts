/**
 * The kit's logrotate configuration, run by the real logrotate against a running server's
 * FAKEAI_LOG_FILE: the postrotate reload (SIGHUP) makes FakeAI write to the new file, no line is
 * lost, and the server keeps running. Only what names the machine is adapted: the log folder, the
 * owner of `create`, and `systemctl reload fakeai` (what ExecReload does: kill -HUP).
 */
import assert from "node:assert/strict";
import { startFakeAI } from "../support/fakeai_process.ts";
import { DEPLOY, run } from "../support/kit_support.ts";
import { waitFor } from "../support/wait.ts";

Deno.test("logrotate: rotating FAKEAI_LOG_FILE with the kit's config reopens the file on reload", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fakeai-logrotate-" });
  const log = `${dir}/log/fakeai.log`;
  const server = await startFakeAI({
    args: ["--response-delay", "0"],
    env: { FAKEAI_LOG_FILE: log },
  });
  try {
    await (await fetch(`${server.url}/v1/models`)).text();
    const user = (await run("id", ["-un"])).stdout.trim();
    const group = (await run("id", ["-gn"])).stdout.trim();
    const original = Deno.readTextFileSync(`${DEPLOY}logrotate/fakeai`);
    assert.match(original, /^\/var\/log\/fakeai\/\*\.log \{$/m);
    assert.match(original, /^\s+systemctl reload fakeai > \/dev\/null 2>&1 \|\| true$/m);
    const config = original
      .replace(/^\/var\/log\/fakeai\/\*\.log \{$/m, `${dir}/log/*.log {`)
      .replace(/^(\s+)create 0640 fakeai fakeai$/m, `$1create 0640 ${user} ${group}`)
      .replace(/^(\s+)systemctl reload fakeai /m, `$1kill -HUP ${server.child.pid} `);
    Deno.writeTextFileSync(`${dir}/logrotate.conf`, config);
    let r: { code: number; output: string };
    try {
      r = await run("logrotate", ["-f", "-s", `${dir}/state`, `${dir}/logrotate.conf`]);
    } catch (err) {
      throw new Error(`logrotate is not installed (apt-get install logrotate): ${err}`);
    }
    assert.equal(r.code, 0, r.output);
    await waitFor(
      "the log file to be reopened",
      () => server.stderr.some((l) => l.includes('"msg":"log file reopened"')),
      { attempts: 500, intervalMs: 10 },
    );
    await (await fetch(`${server.url}/health`)).text();
  } finally {
    assert.equal(await server.stop(), 0, "SIGHUP from postrotate does not stop FakeAI");
  }
  try {
    const read = (path: string) =>
      Deno.readTextFileSync(path).split("\n").filter(Boolean).map((l) => JSON.parse(l));
    const rotated = read(`${log}.1`); // delaycompress: the newest rotation stays plain
    const current = read(log);
    assert.ok(rotated.some((l) => l.path === "/v1/models"));
    assert.ok(current.some((l) => l.msg === "log file reopened"));
    assert.ok(current.some((l) => l.path === "/health"));
    assert.ok(current.some((l) => l.msg === "stopped"));
    assert.equal(Deno.statSync(log).mode! & 0o777, 0o640, "logrotate's create mode is kept");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
