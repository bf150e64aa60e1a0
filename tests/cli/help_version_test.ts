/** `fakeai --version`, `fakeai --help`, `fakeai server --help` against the real process. */
import assert from "node:assert/strict";
import { runCli } from "../support/fakeai_process.ts";
import { flagOf, SETTING_KEYS, SETTINGS } from "../../src/config/schema.ts";
import { VERSION } from "../../src/version.ts";

Deno.test("cli: --version prints 'fakeai <VERSION>' and exits 0", async () => {
  for (const arg of ["--version", "-V", "version"]) {
    const r = await runCli([arg]);
    assert.equal(r.code, 0, arg);
    assert.ok(r.stdout.startsWith(`fakeai ${VERSION}`), r.stdout);
    assert.equal(r.stdout.trim().split("\n").length, 1);
    assert.equal(r.stderr, "");
  }
});

Deno.test("cli: --help (and no arguments) exit 0 and list the commands", async () => {
  for (const args of [["--help"], ["-h"], ["help"], []]) {
    const r = await runCli(args);
    assert.equal(r.code, 0, args.join(" "));
    for (const command of ["server", "config show", "config validate", "version"]) {
      assert.ok(r.stdout.includes(`fakeai ${command}`), `${command} missing from help`);
    }
    assert.match(r.stdout, /Exit codes/);
    assert.equal(r.stderr, "");
  }
});

Deno.test("cli: server --help lists every setting's flag and env name, grouped by section", async () => {
  const r = await runCli(["server", "--help"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
  const lines = r.stdout.split("\n");
  // The section a line belongs to is the nearest "name:" header above it.
  const sectionAt: string[] = [];
  let current = "";
  for (const line of lines) {
    const header = /^([A-Za-z_]+):$/.exec(line);
    if (header) current = header[1];
    sectionAt.push(current);
  }
  for (const key of SETTING_KEYS) {
    const spec = SETTINGS[key];
    const flag = flagOf(key);
    const flagLine = lines.findIndex((l) => l.trimStart().split(/\s/)[0] === flag);
    assert.ok(flagLine >= 0, `${flag} missing from server --help`);
    assert.equal(sectionAt[flagLine], spec.section, `${flag} is not under "${spec.section}:"`);
    assert.ok(lines[flagLine + 1].includes(`env ${spec.env}`), `${spec.env} not next to ${flag}`);
  }
  const sections = [...new Set(SETTING_KEYS.map((k) => SETTINGS[k].section))];
  for (const section of sections) {
    assert.equal(lines.filter((l) => l === `${section}:`).length, 1, `one "${section}:" header`);
  }
  for (const alias of ["--config", "--ttft", "--itl", "--api-key"]) {
    assert.ok(lines.some((l) => l.trimStart().startsWith(`${alias} `)), alias);
  }
});

Deno.test("cli: -h after server flags also prints the server help", async () => {
  const r = await runCli(["server", "--port", "1234", "-h"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Usage: fakeai server/);
});
