/** Booleans, lists and numbers as read from env/flags (strings) and config files. */
import assert from "node:assert/strict";
import { loadConfig } from "../../src/config/load.ts";
import {
  bool,
  countOrAuto,
  int,
  list,
  num,
  oneOf,
  optional,
  str,
} from "../../src/config/value_types.ts";

Deno.test("bool: true/false/1/0/yes/no/on/off in any case and with spaces", () => {
  const cases: Array<[string, boolean]> = [
    ["true", true],
    ["TRUE", true],
    ["True", true],
    ["1", true],
    ["yes", true],
    ["YeS", true],
    ["on", true],
    ["ON", true],
    [" true ", true],
    ["false", false],
    ["FALSE", false],
    ["0", false],
    ["no", false],
    ["No", false],
    ["off", false],
    ["OFF", false],
  ];
  for (const [raw, want] of cases) {
    assert.deepEqual(bool.fromString(raw), { ok: true, value: want }, raw);
  }
});

Deno.test("bool: 'maybe', '', '2', 'y' are errors, never a silent false", () => {
  for (const raw of ["maybe", "", "2", "y", "t", "truee", "-1"]) {
    const parsed = bool.fromString(raw);
    assert.equal(parsed.ok, false, `"${raw}" must be rejected`);
  }
  const r = loadConfig({ env: { FAKEAI_DEBUG: "maybe", FAKEAI_ACCESS_LOG: "maybe" }, flags: [] });
  assert.equal(r.errors.length, 2, r.errors.join("\n"));
  assert.equal(r.config.accessLog, true, "the default is kept, not replaced by false");
});

Deno.test("bool: config-file values (YAML booleans, strings, 0/1 numbers)", () => {
  assert.deepEqual(bool.fromFile(true), { ok: true, value: true });
  assert.deepEqual(bool.fromFile(false), { ok: true, value: false });
  assert.deepEqual(bool.fromFile("off"), { ok: true, value: false });
  assert.deepEqual(bool.fromFile(1), { ok: true, value: true });
  assert.deepEqual(bool.fromFile(0), { ok: true, value: false });
  for (const bad of [2, null, [], {}, "maybe"]) assert.equal(bool.fromFile(bad).ok, false);
});

Deno.test("lists: FAKEAI_CORS_ALLOWED_ORIGINS as JSON array and as comma list", () => {
  const json = loadConfig({
    env: { FAKEAI_CORS_ALLOWED_ORIGINS: '["https://a.example","https://b.example"]' },
    flags: [],
  });
  assert.deepEqual(json.errors, []);
  assert.deepEqual(json.config.corsAllowedOrigins, ["https://a.example", "https://b.example"]);
  const comma = loadConfig({
    env: { FAKEAI_CORS_ALLOWED_ORIGINS: "https://a.example, https://b.example," },
    flags: [],
  });
  assert.deepEqual(comma.errors, []);
  assert.deepEqual(comma.config.corsAllowedOrigins, ["https://a.example", "https://b.example"]);
  const star = loadConfig({ env: { FAKEAI_CORS_ALLOWED_ORIGINS: '["*"]' }, flags: [] });
  assert.deepEqual(star.config.corsAllowedOrigins, ["*"]);
});

Deno.test("lists: FAKEAI_API_KEYS as JSON array and as comma list", () => {
  const json = loadConfig({ env: { FAKEAI_API_KEYS: '["sk-1","sk-2"]' }, flags: [] });
  assert.deepEqual(json.errors, []);
  assert.deepEqual(json.config.apiKeys, ["sk-1", "sk-2"]);
  const comma = loadConfig({ env: { FAKEAI_API_KEYS: "key1,key2" }, flags: [] });
  assert.deepEqual(comma.config.apiKeys, ["key1", "key2"]);
  const empty = loadConfig({ env: { FAKEAI_API_KEYS: "" }, flags: [] });
  assert.deepEqual(empty.config.apiKeys, []);
});

Deno.test("lists: an invalid JSON array is an error, not a one-item comma list", () => {
  for (const raw of ['["a",', "[a, b]", '["a" "b"]']) {
    const r = loadConfig({ env: { FAKEAI_CORS_ALLOWED_ORIGINS: raw }, flags: [] });
    assert.equal(r.errors.length, 1, raw);
    assert.match(r.errors[0], /FAKEAI_CORS_ALLOWED_ORIGINS/);
    assert.match(r.errors[0], /JSON/);
  }
  assert.equal(list().fromString('["a", {"b": 1}]').ok, false, "items must be strings");
  const keys = loadConfig({ env: { FAKEAI_API_KEYS: '["sk-live-secret",' }, flags: [] });
  assert.equal(keys.errors.length, 1);
  assert.ok(!keys.errors[0].includes("sk-live-secret"), "an API key must not be echoed");
  assert.equal(list().fromFile({ a: 1 }).ok, false);
});

Deno.test("lists: FAKEAI_ERROR_INJECTION_TYPES rejects an unknown type and names it", () => {
  const bad = loadConfig({
    env: { FAKEAI_ERROR_INJECTION_TYPES: "internal_error,boom" },
    flags: [],
  });
  assert.equal(bad.errors.length, 1);
  assert.match(bad.errors[0], /FAKEAI_ERROR_INJECTION_TYPES/);
  assert.match(bad.errors[0], /"boom"/);
  const good = loadConfig({
    env: { FAKEAI_ERROR_INJECTION_TYPES: '["internal_error","service_unavailable","timeout"]' },
    flags: [],
  });
  assert.deepEqual(good.errors, []);
  assert.deepEqual(good.config.errorInjectionTypes, [
    "internal_error",
    "service_unavailable",
    "timeout",
  ]);
});

Deno.test("numbers: ranges, finiteness and labels", () => {
  const port = int(0, 65535);
  assert.deepEqual(port.fromString(" 8080 "), { ok: true, value: 8080 });
  assert.equal(port.fromString("65536").ok, false);
  assert.equal(port.fromString("-1").ok, false);
  assert.equal(port.fromString("1.5").ok, false);
  assert.equal(port.fromString("abc").ok, false);
  assert.equal(port.label, "integer 0..65535");
  assert.equal(num(0).fromString("Infinity").ok, false);
  assert.equal(num(0).fromString("NaN").ok, false);
  assert.deepEqual(num(0, 1).fromFile(0.25), { ok: true, value: 0.25 });
  assert.deepEqual(num(0, 1).fromFile("0.25"), { ok: true, value: 0.25 });
  assert.equal(num(0, 1).fromFile(true).ok, false);
  assert.equal(num(0).label, "number >= 0");
});

Deno.test("optional, oneOf, str", () => {
  const rpm = optional(int(1));
  assert.deepEqual(rpm.fromString(""), { ok: true, value: null });
  assert.deepEqual(rpm.fromString("500"), { ok: true, value: 500 });
  assert.equal(rpm.fromString("0").ok, false);
  assert.deepEqual(rpm.fromFile(null), { ok: true, value: null });
  assert.equal(rpm.format(null), "(unset)");
  const level = oneOf(["debug", "info"]);
  assert.deepEqual(level.fromString("INFO"), { ok: true, value: "info" });
  assert.equal(level.fromString("verbose").ok, false);
  assert.equal(level.fromFile(1).ok, false);
  assert.deepEqual(str.fromFile(8000), { ok: true, value: "8000" });
  assert.equal(str.fromFile(["x"]).ok, false);
});

Deno.test("workers: a count or auto from env, flags and files; anything else names both", () => {
  const flags = [{ key: "workers" as const, raw: "3", flag: "--workers" }];
  assert.equal(loadConfig({ env: {}, flags: [] }).config.workers, 1, "default: one isolate");
  assert.equal(loadConfig({ env: { FAKEAI_WORKERS: "AUTO" }, flags: [] }).config.workers, "auto");
  assert.equal(loadConfig({ env: { FAKEAI_WORKERS: "auto" }, flags }).config.workers, 3);
  assert.deepEqual(countOrAuto(1, 256).fromFile(4), { ok: true, value: 4 });
  assert.deepEqual(countOrAuto(1, 256).fromFile("auto"), { ok: true, value: "auto" });
  const bad = loadConfig({ env: { FAKEAI_WORKERS: "many" }, flags: [] });
  assert.match(bad.errors.join("\n"), /FAKEAI_WORKERS.*expected auto or an integer, got "many"/);
  assert.deepEqual(countOrAuto(1, 256).fromString("0"), {
    ok: false,
    error: "must be 1..256, got 0",
  });
  assert.equal(countOrAuto(1, 256).fromFile(true).ok, false);
});
