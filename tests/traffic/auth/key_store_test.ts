/** KeyStore: constant-time compare, sha256: digests, hashing, keys files, reloads, masking. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { keyLines, maskApiKey, storedKey } from "../../../src/traffic/auth/api_keys.ts";
import { type KeySettings, KeyStore } from "../../../src/traffic/auth/key_store.ts";
import { presentedKey } from "../../../src/traffic/auth/auth_middleware.ts";
import { constantTimeEqual } from "../../../src/util/constant_time.ts";
import { withTempDir } from "../../support/temp_dir.ts";

const bytes = (s: string) => new TextEncoder().encode(s);
const hex = (s: string) => createHash("sha256").update(s).digest("hex");
const settings = (over: Partial<KeySettings> = {}): KeySettings => ({
  requireApiKey: null,
  apiKeys: [],
  apiKeysFile: [],
  hashApiKeys: false,
  ...over,
});
function load(over: Partial<KeySettings>): KeyStore {
  const loaded = KeyStore.load(settings(over));
  if ("problems" in loaded) throw new Error(loaded.problems.join("\n"));
  return loaded.store;
}
function problems(over: Partial<KeySettings>): string[] {
  const loaded = KeyStore.load(settings(over));
  return "problems" in loaded ? loaded.problems : [];
}

Deno.test("constantTimeEqual: equal, different byte, different length, empty", () => {
  assert.equal(constantTimeEqual(bytes("sk-abc"), bytes("sk-abc")), true);
  assert.equal(constantTimeEqual(bytes("sk-abc"), bytes("sk-abd")), false);
  assert.equal(constantTimeEqual(bytes("xk-abc"), bytes("sk-abc")), false, "first byte");
  assert.equal(constantTimeEqual(bytes("sk-ab"), bytes("sk-abc")), false, "prefix");
  assert.equal(constantTimeEqual(bytes("sk-abc"), bytes("sk-ab")), false, "longer");
  assert.equal(constantTimeEqual(bytes(""), bytes("")), true);
  assert.equal(constantTimeEqual(bytes(""), bytes("a")), false);
  // A longer key whose extra bytes are 0 must not equal the shorter one.
  assert.equal(constantTimeEqual(new Uint8Array([1, 0]), new Uint8Array([1])), false);
});

Deno.test("key store: no keys and no requirement → authentication off", () => {
  const store = load({});
  assert.equal(store.enabled, false);
  assert.equal(store.size, 0);
});

Deno.test("key store: keys given turn authentication on; any of several keys matches", () => {
  const store = load({ apiKeys: ["sk-one", "sk-two"] });
  assert.equal(store.enabled, true);
  assert.equal(store.matches("sk-one"), true);
  assert.equal(store.matches("sk-two"), true);
  for (const wrong of ["sk-on", "sk-one ", "SK-ONE", "", "sk-three"]) {
    assert.equal(store.matches(wrong), false, JSON.stringify(wrong));
  }
});

Deno.test("key store: FAKEAI_REQUIRE_API_KEY without any key is a startup problem", () => {
  const [problem, ...rest] = problems({ requireApiKey: true });
  assert.deepEqual(rest, []);
  assert.match(problem, /no API keys configured/);
});

Deno.test("key store: hashing keeps digests only, and the same keys still match", () => {
  const store = load({ apiKeys: ["sk-secret"], hashApiKeys: true });
  assert.equal(store.matches("sk-secret"), true);
  assert.equal(store.matches("sk-secreT"), false);
  const kept = storedKey("sk-secret", true);
  assert.ok(!("problem" in kept));
  assert.equal(kept.digest, true);
  assert.deepEqual(kept.bytes, new Uint8Array(createHash("sha256").update("sk-secret").digest()));
});

Deno.test("key store: sha256:<hex> entries are digests, with or without hashing", () => {
  for (const hashApiKeys of [false, true]) {
    const store = load({
      apiKeys: [`sha256:${hex("sk-digest")}`, `SHA256:${hex("sk-upper").toUpperCase()}`, "sk-p"],
      hashApiKeys,
    });
    assert.equal(store.matches("sk-digest"), true);
    assert.equal(store.matches("sk-upper"), true);
    assert.equal(store.matches("sk-p"), true);
    assert.equal(store.matches(`sha256:${hex("sk-digest")}`), false, "the digest is not a key");
  }
  const bad = problems({ apiKeys: ["sk-ok", "sha256:abc123"] });
  assert.equal(bad.length, 1);
  assert.match(bad[0], /api_keys entry 2: .*64 hex digits/);
  assert.doesNotMatch(bad[0], /abc123/, "the entry is not echoed");
});

Deno.test("keys text: one per line; blank lines, # lines and trailing # comments skipped", () => {
  const text =
    "# team keys\n\nsk-a\n  sk-b   # the CI runner\r\nsk-c#not-a-comment\n   # indented\n";
  assert.deepEqual(keyLines(text), [
    { line: 3, value: "sk-a" },
    { line: 4, value: "sk-b" },
    { line: 5, value: "sk-c#not-a-comment" },
  ]);
});

Deno.test('key store: a multi-line FAKEAI_API_KEYS ("$(cat keys.txt)") reads like a keys file', () => {
  const store = load({ apiKeys: ["# prod\nsk-x\nsk-y"] });
  assert.equal(store.size, 2);
  assert.equal(store.matches("sk-y"), true);
  assert.equal(store.matches("# prod"), false);
  assert.match(problems({ apiKeys: ["sk-a b"] })[0], /cannot contain spaces/);
});

Deno.test("key store: keys files are read at load and re-read by reloadFiles()", async () => {
  await withTempDir({ "keys.txt": "# a\nsk-file-a\n", "more.txt": "sk-more\n" }, (dir) => {
    const store = load({
      apiKeys: ["sk-env"],
      apiKeysFile: [`${dir}/keys.txt`, `${dir}/more.txt`],
    });
    assert.equal(store.size, 3);
    assert.equal(store.matches("sk-file-a"), true);
    Deno.writeTextFileSync(`${dir}/keys.txt`, "sk-file-b\nsk-file-c\n");
    assert.equal(store.matches("sk-file-b"), false, "not before the reload");
    assert.deepEqual(store.reloadFiles(), { ok: true, fromFiles: 3 });
    assert.equal(store.matches("sk-file-b"), true);
    assert.equal(store.matches("sk-file-a"), false);
    assert.equal(store.matches("sk-env"), true, "env keys are fixed");
    assert.equal(store.size, 4);
  });
});

Deno.test("key store: a failed reload keeps the previous keys", async () => {
  await withTempDir({ "keys.txt": "sk-old\n" }, (dir) => {
    const path = `${dir}/keys.txt`;
    const store = load({ apiKeysFile: [path], hashApiKeys: true });
    Deno.writeTextFileSync(path, "sk-new\nsha256:nothex\n");
    const bad = store.reloadFiles();
    assert.equal(bad.ok, false);
    assert.match(!bad.ok ? bad.error : "", /keys\.txt, line 2: .*64 hex digits/);
    Deno.removeSync(path);
    const gone = store.reloadFiles();
    assert.match(!gone.ok ? gone.error : "", /cannot read/);
    assert.equal(store.matches("sk-old"), true);
    assert.equal(store.matches("sk-new"), false);
  });
});

Deno.test("key store: an unreadable or empty keys file at startup is a problem", async () => {
  await withTempDir({ "empty.txt": "# nothing yet\n" }, (dir) => {
    assert.match(problems({ apiKeysFile: [`${dir}/missing.txt`] })[0], /missing\.txt: cannot read/);
    assert.match(problems({ apiKeysFile: [`${dir}/empty.txt`] })[0], /no API keys configured/);
  });
});

Deno.test("maskApiKey: first 8 and last 4 characters, one star per hidden character", () => {
  const key = "sk-VKMIs" + "x".repeat(39) + "wjh3";
  assert.equal(maskApiKey(key), "sk-VKMIs" + "*".repeat(39) + "wjh3");
  assert.equal(maskApiKey("sk-abcdefghi"), "sk-abcdefghi", "12 characters: shown whole");
  assert.equal(maskApiKey("sk-abcdefghij"), "sk-abcde*ghij");
  assert.equal(maskApiKey("dummy"), "dummy");
});

Deno.test("presentedKey: Bearer (any case), Basic with a blank user, nothing else", () => {
  assert.equal(presentedKey("Bearer sk-abc"), "sk-abc");
  assert.equal(presentedKey("bearer   sk-abc  "), "sk-abc");
  assert.equal(presentedKey(`Basic ${btoa(":sk-pw")}`), "sk-pw");
  assert.equal(presentedKey(`Basic ${btoa("user:sk-pw")}`), null);
  assert.equal(presentedKey("Basic !!!"), null);
  assert.equal(presentedKey("Bearer"), null);
  assert.equal(presentedKey("sk-abc"), null);
  assert.equal(presentedKey("Token sk-abc"), null);
  assert.equal(presentedKey(undefined), null);
});

Deno.test("key store: unset follows the keys; an explicit false turns authentication off", () => {
  assert.equal(load({}).enabled, false);
  assert.equal(load({ apiKeys: ["sk-a"] }).enabled, true, "keys given, unset: on");
  assert.equal(load({ apiKeys: ["sk-a"], requireApiKey: false }).enabled, false, "false: off");
  assert.equal(load({ apiKeys: ["sk-a"], requireApiKey: false }).size, 1, "keys still read");
  assert.equal(load({ apiKeys: ["sk-a"], requireApiKey: true }).enabled, true);
});
