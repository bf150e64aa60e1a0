/** --api-key FILE: a value naming an existing file is a keys file (FAKEAI_API_KEYS_FILE). */
import assert from "node:assert/strict";
import { parseFlags } from "../../src/cli/flags.ts";
import { loadConfig } from "../../src/config/load.ts";
import { withTempDir } from "../support/temp_dir.ts";

const load = (args: string[], env: Record<string, string> = {}) =>
  loadConfig({ env, flags: parseFlags(args).flags });

Deno.test("flags: --api-key FILE goes to api_keys_file, --api-key KEY to api_keys; both repeat", async () => {
  await withTempDir({ "a.txt": "sk-a\n", "b.txt": "sk-b\n" }, (dir) => {
    const r = load([
      "--api-key",
      `${dir}/a.txt`,
      "--api-key",
      "sk-inline",
      `--api-key=${dir}/b.txt`,
      "--api-key",
      `${dir}/missing.txt`,
    ]);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.config.apiKeysFile, [`${dir}/a.txt`, `${dir}/b.txt`]);
    assert.deepEqual(r.config.apiKeys, ["sk-inline", `${dir}/missing.txt`]);
    assert.deepEqual(r.origins.apiKeysFile, { kind: "flag", where: "--api-key" });
  });
});

Deno.test("settings: FAKEAI_API_KEYS_FILE takes a path (or a comma list of paths)", () => {
  const one = load([], { FAKEAI_API_KEYS_FILE: "/etc/fakeai/api-keys.txt" });
  assert.deepEqual(one.config.apiKeysFile, ["/etc/fakeai/api-keys.txt"]);
  const two = load(["--api-keys-file", "/a.txt,/b.txt"]);
  assert.deepEqual(two.config.apiKeysFile, ["/a.txt", "/b.txt"]);
  assert.deepEqual(load([]).config.apiKeysFile, []);
});
