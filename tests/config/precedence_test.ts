/** defaults < config file < environment < flags, and where each value came from. */
import assert from "node:assert/strict";
import { type FlagValue, loadConfig } from "../../src/config/load.ts";
import { SETTING_KEYS, SETTINGS } from "../../src/config/schema.ts";
import { withTempDir } from "../support/temp_dir.ts";

const FILE = [
  "server:",
  "  port: 7001",
  "  host: 10.0.0.1",
  "  log_level: warn",
  "response:",
  "  delay: 1.5",
].join("\n");

const flag = (key: FlagValue["key"], raw: string, name: string): FlagValue => ({
  key,
  raw,
  flag: name,
});

Deno.test("precedence: file, env and flag set → the flag wins", async () => {
  await withTempDir({ "c.yaml": FILE }, (dir) => {
    const r = loadConfig({
      env: { FAKEAI_PORT: "7002" },
      flags: [flag("port", "7003", "--port")],
      configFile: `${dir}/c.yaml`,
    });
    assert.deepEqual(r.errors, []);
    assert.equal(r.config.port, 7003);
    assert.deepEqual(r.origins.port, { kind: "flag", where: "--port" });
  });
});

Deno.test("precedence: file and env set → env wins", async () => {
  await withTempDir({ "c.yaml": FILE }, (dir) => {
    const r = loadConfig({
      env: { FAKEAI_HOST: "0.0.0.0", FAKEAI_LOG_LEVEL: "ERROR" },
      flags: [],
      configFile: `${dir}/c.yaml`,
    });
    assert.deepEqual(r.errors, []);
    assert.equal(r.config.host, "0.0.0.0");
    assert.deepEqual(r.origins.host, { kind: "env", where: "FAKEAI_HOST" });
    assert.equal(r.config.logLevel, "error", "enum values are matched case-insensitively");
    assert.deepEqual(r.origins.logLevel, { kind: "env", where: "FAKEAI_LOG_LEVEL" });
  });
});

Deno.test("precedence: file only → file value, origin names the section.name and the path", async () => {
  await withTempDir({ "c.yaml": FILE }, (dir) => {
    const path = `${dir}/c.yaml`;
    const r = loadConfig({ env: {}, flags: [], configFile: path });
    assert.deepEqual(r.errors, []);
    assert.equal(r.configFile, path);
    assert.equal(r.config.responseDelay, 1.5);
    assert.equal(r.origins.responseDelay.kind, "file");
    assert.match(r.origins.responseDelay.where, /response\.delay/);
    assert.ok(r.origins.responseDelay.where.includes(path));
    assert.equal(r.config.port, 7001);
    assert.match(r.origins.port.where, /server\.port/);
  });
});

Deno.test("precedence: nothing set → every setting is its default with a default origin", () => {
  const r = loadConfig({ env: {}, flags: [] });
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.warnings, []);
  assert.deepEqual(r.notices, []);
  assert.equal(r.configFile, undefined);
  for (const key of SETTING_KEYS) {
    assert.deepEqual(r.config[key], SETTINGS[key].default, key);
    assert.equal(r.origins[key].kind, "default", key);
  }
});

Deno.test("precedence: all four layers on different settings at once", async () => {
  await withTempDir({ "c.yaml": FILE }, (dir) => {
    const r = loadConfig({
      env: { FAKEAI_PORT: "7002", FAKEAI_DEBUG: "yes" },
      flags: [flag("port", "7003", "--port"), flag("seed", "42", "--seed")],
      configFile: `${dir}/c.yaml`,
    });
    assert.deepEqual(r.errors, []);
    assert.equal(r.origins.itlMs.kind, "default");
    assert.equal(r.origins.responseDelay.kind, "file");
    assert.equal(r.origins.debug.kind, "env");
    assert.equal(r.origins.seed.kind, "flag");
    assert.equal(r.origins.port.kind, "flag");
    assert.equal(r.config.debug, true);
    assert.equal(r.config.seed, 42);
  });
});

Deno.test("precedence: FAKEAI_CONFIG names the file; --config wins over it", async () => {
  await withTempDir(
    { "a.yaml": "server:\n  port: 1111\n", "b.yaml": "server:\n  port: 2222\n" },
    (dir) => {
      const viaEnv = loadConfig({ env: { FAKEAI_CONFIG: `${dir}/a.yaml` }, flags: [] });
      assert.deepEqual(viaEnv.errors, []);
      assert.deepEqual(viaEnv.warnings, [], "FAKEAI_CONFIG is not an unknown variable");
      assert.deepEqual(viaEnv.notices, [], "an explicitly named file is not announced");
      assert.equal(viaEnv.config.port, 1111);
      const both = loadConfig({
        env: { FAKEAI_CONFIG: `${dir}/a.yaml` },
        flags: [],
        configFile: `${dir}/b.yaml`,
      });
      assert.equal(both.config.port, 2222);
    },
  );
});

Deno.test("precedence: the loaded config is frozen", () => {
  const r = loadConfig({ env: {}, flags: [] });
  assert.ok(Object.isFrozen(r.config));
});
