/**
 * FAKEAI_LOG_FILE: the JSON lines (diagnostics and access log) also go to a file that logrotate can
 * move away (SIGHUP reopens it), in a form Fluentd's `time_format %Y-%m-%dT%H:%M:%S.%LZ` reads.
 */
import assert from "node:assert/strict";
import { LogFile, openConfiguredLogFile } from "../../src/app/log_file.ts";
import { createLogger } from "../../src/util/logger.ts";
import { runCli, startFakeAI } from "../support/fakeai_process.ts";
import { waitFor } from "../support/wait.ts";

/** The guide's Fluentd `time_format %Y-%m-%dT%H:%M:%S.%LZ` (%L: milliseconds). */
const FLUENTD_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

async function withDir(fn: (dir: string) => Promise<void> | void) {
  const dir = await Deno.makeTempDir({ prefix: "fakeai-log-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const lines = (path: string) => Deno.readTextFileSync(path).split("\n").filter(Boolean);

Deno.test("log file: every JSON line goes to the file too; readable debug lines do not", async () => {
  await withDir((dir) => {
    const file = LogFile.open(`${dir}/sub/fakeai.log`, () => {});
    const stderr: string[] = [];
    const stdout: string[] = [];
    const logger = createLogger("info", {
      accessLog: true,
      readableAccess: true,
      sink: { stderr: (l) => stderr.push(l), stdout: (l) => stdout.push(l) },
      file,
      now: () => Date.UTC(2025, 9, 5, 12, 0, 0, 7),
    });
    logger.debug("not at this level");
    logger.info("listening", { url: "http://127.0.0.1:8000" });
    logger.access("info", "request", {
      request_id: "req_1",
      method: "GET",
      path: "/health",
      status: 200,
    });
    file.close();
    const written = lines(`${dir}/sub/fakeai.log`);
    assert.deepEqual(written, [...stderr.filter((l) => l.startsWith("{")), ...stdout]);
    assert.equal(written.length, 2);
    assert.ok(
      stderr.some((l) => l.startsWith("GET /health 200")),
      "the readable line is on stderr",
    );
    for (const line of written) {
      assert.match(JSON.parse(line).timestamp, FLUENTD_TIME);
      assert.equal(JSON.parse(line).timestamp, "2025-10-05T12:00:00.007Z");
    }
    assert.equal(Deno.statSync(`${dir}/sub/fakeai.log`).mode! & 0o777 & ~0o022, 0o640 & ~0o022);
  });
});

Deno.test("log file: reopen starts a new file at the path after a rotation; appends otherwise", async () => {
  await withDir((dir) => {
    const path = `${dir}/fakeai.log`;
    Deno.writeTextFileSync(path, "earlier\n");
    const file = LogFile.open(path, () => {});
    file.write("one");
    Deno.renameSync(path, `${path}.1`);
    file.write("two"); // still the open (moved) file
    file.reopen();
    file.write("three");
    file.close();
    assert.deepEqual(lines(`${path}.1`), ["earlier", "one", "two"]);
    assert.deepEqual(lines(path), ["three"]);
  });
});

Deno.test("log file: an unusable path is one startup error; none configured is null", async () => {
  await withDir((dir) => {
    Deno.writeTextFileSync(`${dir}/file`, "");
    const result = openConfiguredLogFile(`${dir}/file/fakeai.log`, () => {});
    assert.ok(result && "error" in result);
    assert.match(result.error, /^fakeai: error: log file .*\/file\/fakeai\.log: /);
    assert.equal(openConfiguredLogFile(null, () => {}), null);
    const isDir = openConfiguredLogFile(dir, () => {});
    assert.ok(isDir && "error" in isDir, "a directory is refused");
  });
});

Deno.test("log file e2e: --log-file gets access and diagnostic lines; SIGHUP reopens after logrotate's move", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/logs/fakeai.log`;
    const server = await startFakeAI({ args: ["--log-file", path, "--response-delay", "0"] });
    let code: number;
    try {
      await (await fetch(`${server.url}/v1/models`)).text();
      Deno.renameSync(path, `${path}.1`);
      server.child.kill("SIGHUP");
      await waitFor(
        "the log file to be reopened",
        () => server.stderr.some((l) => l.includes('"msg":"log file reopened"')),
        { attempts: 500, intervalMs: 10 },
      );
      await (await fetch(`${server.url}/health`)).text();
    } finally {
      code = await server.stop();
    }
    assert.equal(code, 0, "SIGHUP does not stop the server");
    const before = lines(`${path}.1`).map((l) => JSON.parse(l));
    const after = lines(path).map((l) => JSON.parse(l));
    assert.ok(before.some((l) => l.msg === "listening"));
    assert.ok(before.some((l) => l.path === "/v1/models" && l.status === 200));
    assert.ok(after.some((l) => l.msg === "log file reopened"));
    assert.ok(after.some((l) => l.path === "/health"));
    assert.ok(after.some((l) => l.msg === "stopped"));
    for (const line of [...before, ...after]) assert.match(line.timestamp, FLUENTD_TIME);
    // stdout and stderr are unchanged: the file is a copy, not a replacement.
    assert.ok(server.stdout.some((l) => l.includes('"path":"/v1/models"')));
  });
});

Deno.test("log file e2e: FAKEAI_LOG_FILE under a regular file stops startup with exit 1", async () => {
  await withDir(async (dir) => {
    Deno.writeTextFileSync(`${dir}/plain`, "");
    const r = await runCli(["server", "--port", "0"], {
      env: { FAKEAI_LOG_FILE: `${dir}/plain/fakeai.log` },
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^fakeai: error: log file .*plain\/fakeai\.log: .+\n$/);
  });
});
