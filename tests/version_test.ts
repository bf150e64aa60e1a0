/** src/version.ts must match deno.json "version" (the published package version). */
import assert from "node:assert/strict";
import { VERSION } from "../src/version.ts";

Deno.test("version: VERSION equals deno.json version", async () => {
  const denoJson = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
  assert.equal(typeof denoJson.version, "string");
  assert.equal(VERSION, denoJson.version);
  assert.match(VERSION, /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, "semver");
});
