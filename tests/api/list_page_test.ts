import assert from "node:assert/strict";
import { listPage, parseListQuery } from "../../src/api/list_page.ts";
import { ApiError } from "../../src/server/errors.ts";

const FILES = { defaultLimit: 10_000, maxLimit: 10_000, defaultOrder: "desc" as const };
const query = (q: Record<string, string>) => (name: string) => q[name];
const items = ["a", "b", "c", "d", "e"].map((id) => ({ id, n: id.charCodeAt(0) }));

function rejectsWith(fn: () => unknown, param: string, code: string, message: RegExp) {
  assert.throws(fn, (err) => {
    assert.ok(err instanceof ApiError);
    assert.equal(err.status, 400);
    assert.deepEqual(
      { param: err.param, code: err.code, type: err.type },
      { param, code, type: "invalid_request_error" },
    );
    assert.match(err.message, message);
    return true;
  });
}

Deno.test("parseListQuery: defaults, and each value read", () => {
  assert.deepEqual(parseListQuery(query({}), FILES), { after: null, limit: 10_000, order: "desc" });
  assert.deepEqual(
    parseListQuery(query({ after: "file-1", limit: "7", order: "asc" }), FILES),
    { after: "file-1", limit: 7, order: "asc" },
  );
  // A list without an order parameter ignores one.
  const batches = parseListQuery(query({ order: "sideways" }), { defaultLimit: 20, maxLimit: 100 });
  assert.deepEqual(batches, { after: null, limit: 20, order: "desc" });
});

Deno.test("parseListQuery: bad limit and order are 400s naming the parameter", () => {
  rejectsWith(
    () => parseListQuery(query({ limit: "0" }), FILES),
    "limit",
    "integer_below_min_value",
    /Expected a value >= 1, but got 0/,
  );
  rejectsWith(
    () => parseListQuery(query({ limit: "10001" }), FILES),
    "limit",
    "integer_above_max_value",
    /<= 10000/,
  );
  rejectsWith(
    () => parseListQuery(query({ limit: "ten" }), FILES),
    "limit",
    "invalid_type",
    /expected an integer/,
  );
  rejectsWith(
    () => parseListQuery(query({ limit: "2.5" }), FILES),
    "limit",
    "invalid_type",
    /expected an integer/,
  );
  rejectsWith(
    () => parseListQuery(query({ order: "up" }), FILES),
    "order",
    "invalid_value",
    /'up'.*'asc' and 'desc'/,
  );
});

Deno.test("listPage: pages with after/limit until has_more is false", () => {
  const render = (item: { id: string; n: number }) => item.n;
  const first = listPage(items, { after: null, limit: 2, order: "asc" }, render);
  assert.deepEqual(first, {
    object: "list",
    data: [97, 98],
    first_id: "a",
    last_id: "b",
    has_more: true,
  });
  const second = listPage(items, { after: "b", limit: 2, order: "asc" }, render);
  assert.deepEqual([second.first_id, second.last_id, second.has_more], ["c", "d", true]);
  const last = listPage(items, { after: "d", limit: 2, order: "asc" }, render);
  assert.deepEqual(last, {
    object: "list",
    data: [101],
    first_id: "e",
    last_id: "e",
    has_more: false,
  });
  const empty = listPage(items, { after: "e", limit: 2, order: "asc" }, render);
  assert.deepEqual(empty, {
    object: "list",
    data: [],
    first_id: null,
    last_id: null,
    has_more: false,
  });
  const all = listPage(items, { after: null, limit: 5, order: "asc" }, render);
  assert.equal(all.has_more, false);
});

Deno.test("listPage: an unknown cursor is a 400, not a silent empty page", () => {
  rejectsWith(
    () => listPage(items, { after: "zz", limit: 2, order: "asc" }, (i) => i),
    "after",
    "invalid_value",
    /no object with id 'zz'/,
  );
});
