/** `fakeai config show` and `fakeai config validate FILE` against the real process. */
import assert from "node:assert/strict";
import { runCli } from "../support/fakeai_process.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { filePathOf, SETTING_KEYS } from "../../src/config/schema.ts";

/** config show output → section.name → { value, source }. */
function parseShow(stdout: string): Map<string, { value: string; source: string }> {
  const rows = new Map<string, { value: string; source: string }>();
  for (const line of stdout.trim().split("\n")) {
    const m = /^(\S+)\s+(.*?)\s+\(([^()]*)\)$/.exec(line);
    assert.ok(m, `unexpected config show line: ${line}`);
    rows.set(m[1], { value: m[2], source: m[3] });
  }
  return rows;
}

const SECRETS = ["sk-file-secret-111", "sk-env-secret-222", "sk-flag-secret-333", "hunter2"];

Deno.test("cli: config show lists every setting with its value and its source", async () => {
  const yaml = "server:\n  port: 8100\n  host: 10.1.2.3\nresponse:\n  delay: 2\n";
  await withTempDir({ "c.yaml": yaml }, async (dir) => {
    const path = `${dir}/c.yaml`;
    const r = await runCli(["config", "show", "--config", path, "--ttft", "50:5", "--debug"], {
      env: { FAKEAI_PORT: "8200", FAKEAI_ITL_MS: "3" },
    });
    assert.equal(r.code, 0, r.stderr);
    const rows = parseShow(r.stdout);
    assert.deepEqual([...rows.keys()], SETTING_KEYS.map(filePathOf));
    assert.deepEqual(rows.get("server.port"), { value: "8200", source: "env FAKEAI_PORT" });
    assert.deepEqual(rows.get("latency.itl_ms"), { value: "3", source: "env FAKEAI_ITL_MS" });
    assert.deepEqual(rows.get("latency.ttft_ms"), { value: "50", source: "flag --ttft" });
    assert.deepEqual(rows.get("latency.ttft_variance_pct"), { value: "5", source: "flag --ttft" });
    assert.deepEqual(rows.get("server.debug"), { value: "true", source: "flag --debug" });
    assert.deepEqual(rows.get("server.host"), {
      value: "10.1.2.3",
      source: `file server.host in ${path}`,
    });
    assert.deepEqual(rows.get("response.delay"), {
      value: "2",
      source: `file response.delay in ${path}`,
    });
    assert.deepEqual(rows.get("server.seed"), { value: "0", source: "default" });
    assert.deepEqual(rows.get("rate_limiting.rpm"), { value: "(unset)", source: "default" });
  });
});

Deno.test("cli: config show redacts API keys and the Redis URL from every source", async () => {
  const yaml = "authentication:\n  api_keys: [sk-file-secret-111]\n";
  await withTempDir({ "c.yaml": yaml }, async (dir) => {
    const fileOnly = await runCli(["config", "show", "--config", `${dir}/c.yaml`]);
    assert.equal(fileOnly.code, 0, fileOnly.stderr);
    const envAndFlag = await runCli(
      ["config", "show", "--api-key", "sk-flag-secret-333", "--api-key", "sk-x"],
      {
        env: {
          FAKEAI_API_KEYS: "sk-env-secret-222",
          FAKEAI_REDIS_URL: "redis://user:hunter2@cache:6379",
        },
      },
    );
    assert.equal(envAndFlag.code, 0, envAndFlag.stderr);
    for (const r of [fileOnly, envAndFlag]) {
      for (const secret of SECRETS) {
        assert.ok(!r.stdout.includes(secret), `${secret} leaked into stdout`);
        assert.ok(!r.stderr.includes(secret), `${secret} leaked into stderr`);
      }
    }
    assert.match(parseShow(fileOnly.stdout).get("authentication.api_keys")!.value, /1 redacted/);
    const rows = parseShow(envAndFlag.stdout);
    assert.deepEqual(rows.get("authentication.api_keys"), {
      value: "[2 redacted]",
      source: "flag --api-key",
    });
    assert.equal(rows.get("rate_limiting.redis_url")!.value, "(redacted)");
  });
});

Deno.test("cli: a malformed FAKEAI_API_KEYS is reported without echoing the keys", async () => {
  const r = await runCli(["config", "show"], { env: { FAKEAI_API_KEYS: '["sk-env-secret-222",' } });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /FAKEAI_API_KEYS/);
  assert.ok(!r.stderr.includes("sk-env-secret-222"), r.stderr);
});

Deno.test("cli: config show picks up fakeai.yaml in the working directory and says so", async () => {
  await withTempDir({ "fakeai.yaml": "server:\n  port: 8765\n" }, async (dir) => {
    const r = await runCli(["config", "show"], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /using config file .*fakeai\.yaml/);
    assert.equal(parseShow(r.stdout).get("server.port")!.value, "8765");
  });
});

Deno.test("cli: config show with a bad value → exit 2 and no table", async () => {
  const r = await runCli(["config", "show", "--port", "abc"]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /--port/);
});

Deno.test("cli: config validate good.yaml → exit 0; bad.yaml → exit 2", async () => {
  const files = {
    "good.yaml": "server:\n  port: 9000\nlatency:\n  ttft_ms: 50\n",
    "bad.yaml": "server:\n  port: 99999\n  debug: maybe\n",
    "broken.yaml": "server: [\n",
    "warn.yaml": "server:\n  prot: 9000\n",
  };
  await withTempDir(files, async (dir) => {
    const good = await runCli(["config", "validate", `${dir}/good.yaml`]);
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout, /good\.yaml: ok/);

    const bad = await runCli(["config", "validate", `${dir}/bad.yaml`]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /server\.port/);
    assert.match(bad.stderr, /server\.debug/);
    assert.match(bad.stderr, /2 problems/);

    const broken = await runCli(["config", "validate", `${dir}/broken.yaml`]);
    assert.equal(broken.code, 2);

    const warn = await runCli(["config", "validate", `${dir}/warn.yaml`]);
    assert.equal(warn.code, 0, "an unknown key is a warning");
    assert.match(warn.stderr, /did you mean server\.port\?/);

    const missing = await runCli(["config", "validate", `${dir}/missing.yaml`]);
    assert.equal(missing.code, 2);
  });
});

Deno.test("cli: config validate ignores the environment (it checks only the file)", async () => {
  await withTempDir({ "good.yaml": "server:\n  port: 9000\n" }, async (dir) => {
    const r = await runCli(["config", "validate", `${dir}/good.yaml`], {
      env: { FAKEAI_PORT: "not-a-port" },
    });
    assert.equal(r.code, 0, r.stderr);
  });
});

Deno.test("cli: config usage errors → exit 2", async () => {
  for (
    const args of [["config"], ["config", "frob"], ["config", "validate"], [
      "config",
      "validate",
      "a",
      "b",
    ]]
  ) {
    const r = await runCli(args);
    assert.equal(r.code, 2, args.join(" "));
    assert.notEqual(r.stderr.trim(), "", args.join(" "));
  }
});
