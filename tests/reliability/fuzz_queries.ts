/**
 * Query strings on the list and history routes, and per-request headers with bad values on a
 * valid chat request (a 400 naming the header).
 */
import { type FuzzCase, JSON_TYPE } from "./fuzz_case.ts";
import { CHAT_BODY } from "./fuzz_routes.ts";

/** Query strings on the list and history routes. */
export function queryCases(): FuzzCase[] {
  const lists: Array<[string, string, Array<[string, string]>]> = [
    ["/v1/files", "limit", LIMITS(10_000)],
    ["/v1/batches", "limit", LIMITS(100)],
    ["/v1/files", "order", [["asc", "2xx"], ["desc", "2xx"], ["", "2xx"], ["ASC", "400"], [
      "%ff",
      "400",
    ]]],
    ["/v1/files", "after", [["", "2xx"], ["file-nope", "400"], ["%ff", "400"], ["%", "400"]]],
    ["/v1/batches", "after", [["", "2xx"], ["batch_nope", "400"], ["%ff", "400"]]],
    ["/v1/files", "purpose", [["batch", "2xx"], ["%ff", "2xx"], ["constructor", "2xx"]]],
    ["/metrics/history", "metric", [
      ["", "400"],
      ["nope", "404"],
      ["%ff", "404"],
      ["constructor", "404"],
      ["__proto__", "404"],
      ["toString", "404"],
    ]],
  ];
  const cases: FuzzCase[] = [];
  for (const [path, param, values] of lists) {
    for (const [value, expect] of values) {
      const target = `${path}?${param}=${value}`;
      cases.push({ id: `query ${target.slice(0, 80)}`, method: "GET", target, expect });
    }
  }
  const history: Array<[string, string]> = [
    ["since=abc", "400"],
    ["since=1e308", "400"], // unix seconds are digits
    ["since=-1", "400"],
    ["since=20&until=10", "400"],
    ["until=%ff", "400"],
    ["labels=notjson", "400"],
    ["labels=%7B%22a%22%3A1%7D", "400"],
    ["labels=%5B%5D", "400"],
    ["labels=null", "400"],
    ["labels=%7B%22__proto__%22%3A%22x%22%7D", "404"], // a valid label name
    ["limit=0", "400"],
    ["limit=10001", "400"],
    ["limit=1e3", "400"],
    ["limit=", "400"],
    ["limit=5", "404"],
  ];
  for (const [query, expect] of history) {
    const target = `/metrics/history?metric=fuzz_nope&${query}`;
    cases.push({ id: `query ${target}`, method: "GET", target, expect });
  }
  cases.push({
    id: "query repeated limit",
    method: "GET",
    target: "/v1/files?limit=1&limit=abc",
    expect: "2xx",
  });
  return cases;
}

export const LIMITS = (max: number): Array<[string, string]> => [
  ["1", "2xx"],
  [String(max), "2xx"],
  [String(max + 1), "400"],
  ["0", "400"],
  ["-1", "400"],
  ["abc", "400"],
  ["1.5", "400"],
  ["1e3", "400"],
  ["", "2xx"],
  ["%31", "2xx"],
  ["%zz", "400"],
  ["99999999999999999999", "400"],
  ["+1", "2xx"], // a query-string "+" is a space: " 1"
  ["%2B1", "400"],
  ["0x10", "400"],
];

/** Per-request headers on a valid chat request: bad values are 400s naming the header. */
export function headerCases(): FuzzCase[] {
  const numeric = ["x-fakeai-ttft-ms", "x-fakeai-itl-ms", "x-fakeai-response-delay-ms"];
  const cases: Array<[string, string, string]> = [];
  for (const name of [...numeric, "x-fakeai-output-tokens", "x-fakeai-seed"]) {
    for (const value of ["abc", "", " ", "NaN", "Infinity", "-Infinity", "1,2", "--1"]) {
      cases.push([name, value, "400"]);
    }
    cases.push([name, "0", "2xx"]);
  }
  for (const name of [...numeric, "x-fakeai-output-tokens"]) cases.push([name, "-1", "400"]);
  cases.push(["x-fakeai-output-tokens", "1.5", "400"], ["x-fakeai-output-tokens", "3", "2xx"]);
  // A billion exact tokens: over the generation budget, refused before any work.
  cases.push(["x-fakeai-output-tokens", "1000000000", "400"]);
  cases.push(["x-fakeai-seed", "1.5", "400"], ["x-fakeai-seed", "-9007199254740991", "2xx"]);
  for (const value of ["abc", "", "1e308", "-1", "constructor", "__proto__", "toString"]) {
    cases.push(["x-fakeai-error", value, "400"], ["x-fakeai-fault", value, "400"]);
  }
  cases.push(["x-fakeai-error", "none", "2xx"], ["x-fakeai-fault", "none", "2xx"]);
  cases.push(
    ["x-request-id", "", "2xx"],
    ["x-request-id", "x".repeat(4000), "2xx"],
    ["x-request-id", "caf\u00e9", "2xx"],
    ["authorization", `Bearer ${"k".repeat(4000)}`, "2xx"],
    ["authorization", "Basic !!!", "2xx"],
    ["x-forwarded-for", "1.2.3.4.5, ::::, x, 999.1.1.1", "2xx"],
    ["origin", "null", "2xx"],
    ["accept", "text/event-stream", "2xx"],
    ["content-encoding", "gzip", "2xx"],
    ["cookie", "c=" + "x".repeat(8000), "2xx"],
  );
  return cases.map(([name, value, expect]) => ({
    id: `header ${name}: ${JSON.stringify(value.slice(0, 20))}`,
    method: "POST",
    target: "/v1/chat/completions",
    headers: [JSON_TYPE, [name, value]],
    body: CHAT_BODY,
    expect,
  }));
}
