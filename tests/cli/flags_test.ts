/** parseFlags: --flag value, --flag=value, bools, --no-bool, --ttft/--itl, --api-key, --config. */
import assert from "node:assert/strict";
import { parseFlags } from "../../src/cli/flags.ts";
import { loadConfig, type LoadResult } from "../../src/config/load.ts";

function load(args: string[]): LoadResult & { parseErrors: string[] } {
  const parsed = parseFlags(args);
  const result = loadConfig({ env: {}, flags: parsed.flags, configFile: parsed.configFile });
  return { ...result, parseErrors: parsed.errors };
}

Deno.test("flags: --flag value and --flag=value", () => {
  const r = load(["--port", "9000", "--host=0.0.0.0", "--log-level=debug"]);
  assert.deepEqual([...r.parseErrors, ...r.errors], []);
  assert.equal(r.config.port, 9000);
  assert.equal(r.config.host, "0.0.0.0");
  assert.equal(r.config.logLevel, "debug");
  assert.deepEqual(r.origins.host, { kind: "flag", where: "--host" });
});

Deno.test("flags: --bool means true, --bool=false, --no-bool means false", () => {
  const r = load(["--debug", "--access-log=false", "--no-random-delay"]);
  assert.deepEqual([...r.parseErrors, ...r.errors], []);
  assert.equal(r.config.debug, true);
  assert.equal(r.config.accessLog, false);
  assert.equal(r.config.randomDelay, false);
  assert.deepEqual(r.origins.randomDelay, { kind: "flag", where: "--no-random-delay" });
  const bad = load(["--debug=maybe"]);
  assert.equal(bad.errors.length, 1);
  assert.match(bad.errors[0], /--debug.*maybe/);
});

Deno.test("flags: --no- on a non-bool setting is an unknown flag", () => {
  const r = parseFlags(["--no-port"]);
  assert.equal(r.errors.length, 1);
  assert.match(r.errors[0], /unknown flag --no-port/);
});

Deno.test("flags: --ttft 50:5 sets ttft_ms and ttft_variance_pct", () => {
  const r = load(["--ttft", "50:5"]);
  assert.deepEqual([...r.parseErrors, ...r.errors], []);
  assert.equal(r.config.ttftMs, 50);
  assert.equal(r.config.ttftVariancePct, 5);
  assert.deepEqual(r.origins.ttftMs, { kind: "flag", where: "--ttft" });
  assert.deepEqual(r.origins.ttftVariancePct, { kind: "flag", where: "--ttft" });
  const inline = load(["--ttft=0:0"]);
  assert.equal(inline.config.ttftMs, 0);
  assert.equal(inline.config.ttftVariancePct, 0);
});

Deno.test("flags: --itl 20 sets only itl_ms", () => {
  const r = load(["--itl", "20"]);
  assert.deepEqual([...r.parseErrors, ...r.errors], []);
  assert.equal(r.config.itlMs, 20);
  assert.equal(r.origins.itlMs.kind, "flag");
  assert.equal(r.config.itlVariancePct, 10);
  assert.equal(r.origins.itlVariancePct.kind, "default");
  assert.equal(r.origins.ttftMs.kind, "default");
});

Deno.test("flags: bad --ttft/--itl forms are errors", () => {
  for (const value of ["1:2:3", ":5", "", "abc", "50:", "50:x", "-5", "50:101"]) {
    const r = load(["--ttft", value]);
    const all = [...r.parseErrors, ...r.errors];
    assert.ok(all.length >= 1, `--ttft "${value}" must be rejected`);
    assert.ok(all.every((e) => e.includes("--ttft")), all.join("\n"));
  }
  const missing = parseFlags(["--itl"]);
  assert.deepEqual(missing.errors, ["--itl: expects a value"]);
  const followedByFlag = parseFlags(["--itl", "--debug"]);
  assert.deepEqual(followedByFlag.errors, ["--itl: expects a value"]);
});

Deno.test("flags: repeated --api-key accumulates; a key with a comma stays one key", () => {
  const r = load(["--api-key", "sk-a", "--api-key=sk-b", "--api-key", "sk,c"]);
  assert.deepEqual([...r.parseErrors, ...r.errors], []);
  assert.deepEqual(r.config.apiKeys, ["sk-a", "sk-b", "sk,c"]);
  assert.deepEqual(r.origins.apiKeys, { kind: "flag", where: "--api-key" });
});

Deno.test("flags: --api-key replaces FAKEAI_API_KEYS (flags win), it does not merge with env", () => {
  const parsed = parseFlags(["--api-key", "sk-flag"]);
  const r = loadConfig({ env: { FAKEAI_API_KEYS: "sk-env" }, flags: parsed.flags });
  assert.deepEqual(r.config.apiKeys, ["sk-flag"]);
});

Deno.test("flags: a repeated scalar flag keeps the last value", () => {
  const r = load(["--port", "1", "--port", "2"]);
  assert.equal(r.config.port, 2);
});

Deno.test("flags: unknown flag → error with a suggestion", () => {
  const r = parseFlags(["--prot", "9000", "--ttft-m", "5"]);
  assert.ok(r.errors.includes("unknown flag --prot (did you mean --port?)"), r.errors.join("\n"));
  assert.ok(
    r.errors.includes("unknown flag --ttft-m (did you mean --ttft-ms?)"),
    r.errors.join("\n"),
  );
  const far = parseFlags(["--zzzzzzzzzz"]);
  assert.deepEqual(far.errors, ["unknown flag --zzzzzzzzzz"]);
});

Deno.test("flags: --config and --config-file name the file; --help and -h set help", () => {
  assert.equal(parseFlags(["--config", "a.yaml"]).configFile, "a.yaml");
  assert.equal(parseFlags(["--config=b.json"]).configFile, "b.json");
  assert.equal(parseFlags(["--config-file", "c.yaml"]).configFile, "c.yaml");
  assert.equal(parseFlags(["--help"]).help, true);
  assert.equal(parseFlags(["-h"]).help, true);
  assert.equal(parseFlags(["--port", "1"]).help, false);
});

Deno.test("flags: an empty --config is an error, not silently ignored", () => {
  assert.equal(parseFlags(["--config="]).errors.length, 1);
  assert.equal(parseFlags(["--config", ""]).errors.length, 1);
});

Deno.test("flags: positional arguments are kept for the command to reject", () => {
  const r = parseFlags(["extra", "--port", "1", "more"]);
  assert.deepEqual(r.positional, ["extra", "more"]);
  assert.deepEqual(r.errors, []);
});

Deno.test("flags: every setting's flag is accepted", async () => {
  const { SETTING_KEYS, SETTINGS, flagOf } = await import("../../src/config/schema.ts");
  for (const key of SETTING_KEYS) {
    const spec = SETTINGS[key];
    const text = spec.default === null ? "" : spec.type.format(spec.default as never);
    const r = parseFlags([`${flagOf(key)}=${text}`]);
    assert.deepEqual(r.errors, [], key);
    assert.deepEqual(r.flags.map((f) => f.key), [key]);
  }
});
