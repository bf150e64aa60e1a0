/** Usage and configuration errors: exit code 2 and a message naming every problem. */
import assert from "node:assert/strict";
import { runCli } from "../support/fakeai_process.ts";
import { withTempDir } from "../support/temp_dir.ts";

function assertNoStack(stderr: string): void {
  assert.doesNotMatch(stderr, /^\s+at /m, "no stack trace");
  assert.doesNotMatch(stderr, /Uncaught/);
}

Deno.test("cli: unknown flag → exit 2, names the flag and suggests --port", async () => {
  const r = await runCli(["server", "--prot", "9000"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--prot/);
  assert.match(r.stderr, /did you mean --port\?/);
  assert.equal(r.stdout, "");
  assertNoStack(r.stderr);
});

Deno.test("cli: bad value (--port abc) → exit 2 naming the flag and the value", async () => {
  const r = await runCli(["server", "--port", "abc"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--port/);
  assert.match(r.stderr, /abc/);
  assertNoStack(r.stderr);
});

Deno.test("cli: flags without a command mean `server` (and are validated the same way)", async () => {
  const r = await runCli(["--port", "abc"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--port/);
});

Deno.test("cli: several problems from flags, env and file → all listed at once", async () => {
  await withTempDir({ "c.yaml": "server:\n  debug: maybe\n" }, async (dir) => {
    const r = await runCli(
      ["server", "--config", `${dir}/c.yaml`, "--prot", "1", "--log-level", "loud"],
      { env: { FAKEAI_MAX_VARIANCE: "5" } },
    );
    assert.equal(r.code, 2);
    for (const needle of ["--prot", "--log-level", "FAKEAI_MAX_VARIANCE", "server.debug"]) {
      assert.ok(r.stderr.includes(needle), `${needle} not reported:\n${r.stderr}`);
    }
    assert.match(r.stderr, /invalid configuration \(\d+ problems\)/);
    assertNoStack(r.stderr);
  });
});

Deno.test("cli: bad env (FAKEAI_PORT=99999) → exit 2 naming FAKEAI_PORT", async () => {
  const r = await runCli(["server"], { env: { FAKEAI_PORT: "99999" } });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /FAKEAI_PORT/);
  assert.match(r.stderr, /99999/);
  assertNoStack(r.stderr);
});

Deno.test("cli: unknown FAKEAI_ env var is a warning naming the closest, not an error", async () => {
  const r = await runCli(["config", "show"], { env: { FAKEAI_PROT: "1" } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning: .*FAKEAI_PROT.*did you mean FAKEAI_PORT\?/);
});

Deno.test("cli: config file with a YAML syntax error → exit 2 naming the file", async () => {
  await withTempDir({ "bad.yaml": "server:\n  port: [8000\n" }, async (dir) => {
    const r = await runCli(["server", "--config", `${dir}/bad.yaml`]);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(`${dir}/bad.yaml`), r.stderr);
    assert.match(r.stderr, /YAML/);
    assertNoStack(r.stderr);
  });
});

Deno.test("cli: missing --config file → exit 2", async () => {
  await withTempDir({}, async (dir) => {
    const r = await runCli(["server", "--config", `${dir}/nope.yaml`]);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(`${dir}/nope.yaml`), r.stderr);
    assert.match(r.stderr, /not found/);
    const viaEnv = await runCli(["server"], { env: { FAKEAI_CONFIG: `${dir}/nope.yaml` } });
    assert.equal(viaEnv.code, 2);
  });
});

Deno.test("cli: unknown command → exit 2", async () => {
  const r = await runCli(["frobnicate"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown command "frobnicate"/);
  assert.match(r.stderr, /--help/);
});

Deno.test("cli: stray positional argument to server → exit 2", async () => {
  const r = await runCli(["server", "9000"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unexpected argument "9000"/);
});

Deno.test("cli: cross-field problem → exit 2", async () => {
  const r = await runCli(["server", "--output-length-min", "10", "--output-length-max", "5"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /output_length_min/);
});
