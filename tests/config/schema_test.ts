/** Invariants of the one settings table: defaults, names, flags and file paths. */
import assert from "node:assert/strict";
import {
  defaultConfig,
  filePathOf,
  flagOf,
  SETTING_KEYS,
  SETTINGS,
  specOf,
} from "../../src/config/schema.ts";
import { allFlagNames } from "../../src/cli/flags.ts";
import { loadConfig } from "../../src/config/load.ts";

function duplicates(values: string[]): string[] {
  return values.filter((v, i) => values.indexOf(v) !== i);
}

Deno.test("schema: every default passes its own type's fromFile unchanged", () => {
  for (const key of SETTING_KEYS) {
    const spec = specOf(key);
    const parsed = spec.type.fromFile(spec.default);
    assert.ok(parsed.ok, `${key}: ${!parsed.ok && parsed.error}`);
    assert.deepEqual(parsed.value, spec.default, key);
  }
});

Deno.test("schema: every formatted default parses back with fromString (round trip)", () => {
  for (const key of SETTING_KEYS) {
    const spec = specOf(key);
    // A null default is shown as "(unset)"; the way to write "unset" in env/flags is "".
    const text = spec.default === null ? "" : spec.type.format(spec.default);
    const parsed = spec.type.fromString(text);
    assert.ok(parsed.ok, `${key} "${text}": ${!parsed.ok && parsed.error}`);
    assert.deepEqual(parsed.value, spec.default, key);
  }
});

Deno.test("schema: every setting can be set through its env var to its default", () => {
  const env: Record<string, string> = {};
  for (const key of SETTING_KEYS) {
    const spec = specOf(key);
    env[spec.env] = spec.default === null ? "" : spec.type.format(spec.default);
  }
  const loaded = loadConfig({ env, flags: [] });
  assert.deepEqual(loaded.errors, []);
  assert.deepEqual(loaded.warnings, []);
  assert.deepEqual({ ...loaded.config }, { ...defaultConfig() });
  for (const key of SETTING_KEYS) assert.equal(loaded.origins[key].kind, "env", key);
});

Deno.test("schema: env names are unique, upper snake case and start with FAKEAI_", () => {
  const envs = SETTING_KEYS.map((k) => SETTINGS[k].env);
  assert.deepEqual(duplicates(envs), []);
  for (const env of envs) assert.match(env, /^FAKEAI_[A-Z0-9]+(_[A-Z0-9]+)*$/, env);
  assert.ok(!envs.includes("FAKEAI_CONFIG"), "FAKEAI_CONFIG is reserved for the file path");
});

Deno.test("schema: flags are unique, derived from the env name, and do not clash with aliases", () => {
  const flags = SETTING_KEYS.map(flagOf);
  assert.deepEqual(duplicates(flags), []);
  assert.deepEqual(duplicates(allFlagNames()), []);
  assert.equal(flagOf("ttftMs"), "--ttft-ms");
  assert.equal(flagOf("corsAllowedOrigins"), "--cors-allowed-origins");
  for (const flag of flags) {
    assert.match(flag, /^--[a-z0-9]+(-[a-z0-9]+)*$/, flag);
    assert.ok(!flag.startsWith("--no-"), `${flag} would collide with a negated bool flag`);
  }
});

Deno.test("schema: config-file paths are unique section.name pairs in snake case", () => {
  const paths = SETTING_KEYS.map(filePathOf);
  assert.deepEqual(duplicates(paths), []);
  for (const path of paths) assert.match(path, /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, path);
});

Deno.test("schema: every setting has a doc line and a type label", () => {
  for (const key of SETTING_KEYS) {
    const spec = SETTINGS[key];
    assert.ok(spec.doc.trim().length > 0, key);
    assert.ok(spec.type.label.length > 0, key);
  }
});

Deno.test("schema: defaultConfig() holds every default and is frozen", () => {
  const config = defaultConfig();
  assert.ok(Object.isFrozen(config));
  assert.deepEqual(Object.keys(config).sort(), [...SETTING_KEYS].sort());
  for (const key of SETTING_KEYS) assert.deepEqual(config[key], SETTINGS[key].default, key);
});
