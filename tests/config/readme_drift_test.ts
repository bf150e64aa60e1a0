/** The README's configuration and header tables are generated from the code; they must not drift. */
import assert from "node:assert/strict";
import { fillGeneratedBlocks } from "../../scripts/docs_blocks.ts";
import { SETTING_KEYS, SETTINGS } from "../../src/config/schema.ts";

const readme = await Deno.readTextFile(new URL("../../README.md", import.meta.url));

Deno.test("README generated tables match the code (run `deno task readme` to refresh)", () => {
  assert.equal(readme, fillGeneratedBlocks(readme));
});

Deno.test("every FAKEAI_ variable named in the README exists in the schema", () => {
  const known = new Set(SETTING_KEYS.map((k) => SETTINGS[k].env));
  known.add("FAKEAI_CONFIG");
  const named = new Set(readme.match(/FAKEAI_[A-Z0-9_]+/g) ?? []);
  const unknown = [...named].filter((name) => !known.has(name));
  assert.deepEqual(unknown, []);
});
