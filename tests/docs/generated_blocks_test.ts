/** The tables in docs/ that come from the code (settings, per-request headers, metric families)
 * must match it, and every FAKEAI_ name a page mentions must be a real setting (or a variable of
 * the CLI, listed in docs/deployment.md). */
import assert from "node:assert/strict";
import { fillGeneratedBlocks, GENERATED_PAGES } from "../../scripts/docs_blocks.ts";
import { SETTING_KEYS, SETTINGS } from "../../src/config/schema.ts";
import { CLI_ONLY_ENV } from "../../src/config/cli_env.ts";
import { documentationPages, ROOT } from "./example_runner.ts";

for (const [page, names] of Object.entries(GENERATED_PAGES)) {
  Deno.test(`${page}: generated tables match the code (refresh with \`deno task docs\`)`, () => {
    const text = Deno.readTextFileSync(`${ROOT}${page}`);
    assert.equal(text, fillGeneratedBlocks(text, names, page));
  });
}

Deno.test("generated blocks: a stale table is told apart from a fresh one", () => {
  const [page, names] = Object.entries(GENERATED_PAGES)[0];
  const text = Deno.readTextFileSync(`${ROOT}${page}`);
  const stale = text.replace("| `FAKEAI_PORT` |", "| `FAKEAI_PORT_OLD` |");
  assert.notEqual(stale, text);
  assert.notEqual(fillGeneratedBlocks(stale, names, page), stale);
});

Deno.test("every FAKEAI_ variable named in the README and docs/ exists in the schema", () => {
  const known = new Set(SETTING_KEYS.map((k) => SETTINGS[k].env));
  known.add("FAKEAI_CONFIG");
  for (const name of Object.keys(CLI_ONLY_ENV)) known.add(name);
  const unknown: string[] = [];
  for (const page of documentationPages()) {
    const text = Deno.readTextFileSync(`${ROOT}${page}`);
    for (const [name] of text.matchAll(/FAKEAI_[A-Z0-9_]*[A-Z0-9]/g)) {
      if (!known.has(name)) unknown.push(`${page}: ${name}`);
    }
  }
  assert.deepEqual(unknown, []);
});

Deno.test("every variable of the CLI only is listed in docs/deployment.md, and is no setting", () => {
  const settings = new Set(SETTING_KEYS.map((k) => SETTINGS[k].env));
  const text = Deno.readTextFileSync(`${ROOT}docs/deployment.md`);
  const list = text.slice(text.indexOf("Environment variables read by the CLI only"));
  for (const name of Object.keys(CLI_ONLY_ENV)) {
    assert.ok(!settings.has(name), `${name} is a setting`);
    assert.match(list, new RegExp(`^- \`${name}\` — `, "m"), `${name} not in the list`);
  }
});
