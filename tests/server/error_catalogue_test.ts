/** The error catalogue is the only place that builds HTTP errors, one definition per name. */
import assert from "node:assert/strict";
import { sourceFiles } from "../support/files_under.ts";
import { ApiError, ERROR_CATALOGUE_PARTS, errors } from "../../src/server/errors.ts";

const SRC = new URL("../../src/", import.meta.url).pathname;

Deno.test("error catalogue: only src/server/error_catalogue_*.ts constructs ApiError", () => {
  const outside = sourceFiles(SRC.replace(/\/$/, ""))
    .filter((file) => !/\/server\/error_catalogue_\w+\.ts$/.test(file))
    .filter((file) => /new ApiError\s*\(/.test(Deno.readTextFileSync(file)))
    .map((file) => file.slice(SRC.length));
  assert.deepEqual(outside, []);
});

Deno.test("error catalogue: no two parts define the same name", () => {
  const seen = new Map<string, string>();
  const clashes: string[] = [];
  for (const [part, defs] of Object.entries(ERROR_CATALOGUE_PARTS)) {
    for (const name of Object.keys(defs)) {
      const other = seen.get(name);
      if (other) clashes.push(`${name}: ${other} and ${part}`);
      seen.set(name, part);
    }
  }
  assert.deepEqual(clashes, []);
  assert.equal(Object.keys(errors).length, seen.size);
});

Deno.test("error catalogue: param and code default to null, headers to none", () => {
  const err = errors.bodyNotObject();
  assert.ok(err instanceof ApiError);
  assert.deepEqual(err.body(), {
    error: {
      message: "The request body must be a JSON object.",
      type: "invalid_request_error",
      param: null,
      code: null,
    },
  });
  assert.deepEqual(err.headers, {});
});
