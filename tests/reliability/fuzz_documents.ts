/**
 * Document cases: whole bodies that are not what a JSON endpoint reads: not objects, truncated,
 * trailing garbage, invalid literals, broken encodings, wrong content types, deep nesting, many
 * keys, sizes around --max-request-size, and bodies that disagree with their content-length.
 */
import type { Prng } from "../../src/util/prng.ts";
import {
  bytes,
  cutPoints,
  fillHole,
  type FuzzCase,
  JSON_TYPE,
  jsonCase,
  utf8,
  withHole,
} from "./fuzz_case.ts";
import type { JsonEndpoint } from "./fuzz_endpoints.ts";

/** Per endpoint: a string field the server reads as text, and whether 4,800 characters fit it. */
const TEXT_FIELDS: Record<string, { path: string[]; longOk: boolean }> = {
  chat: { path: ["messages", "0", "content"], longOk: true },
  completions: { path: ["prompt"], longOk: true },
  responses: { path: ["input"], longOk: true },
  embeddings: { path: ["input"], longOk: true },
  moderations: { path: ["input"], longOk: true },
  images: { path: ["prompt"], longOk: false }, // dall-e-2: 1000 characters
  speech: { path: ["input"], longOk: false }, // 4096 characters
  ranking: { path: ["query", "text"], longOk: false }, // 512 tokens with its passage
  batches: { path: ["input_file_id"], longOk: true },
};

/** A 60,000-character word: fine where text is unbounded; embeddings may count it over 8192 tokens. */
const longWordExpect: Record<string, string> = {
  chat: "2xx",
  completions: "2xx",
  responses: "2xx",
  moderations: "2xx",
  embeddings: "2xx|400",
  batches: "404",
};

const deepArray = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
const deepObject = (depth: number) => '{"a":'.repeat(depth) + "0" + "}".repeat(depth);

export function documentCases(endpoint: JsonEndpoint, prng: Prng, maxBytes: number): FuzzCase[] {
  const ok = endpoint.okStatus;
  const text = JSON.stringify(endpoint.base);
  const { path, longOk } = TEXT_FIELDS[endpoint.name];
  const inText = withHole(endpoint.base, path.map((p) => (/^\d+$/.test(p) ? Number(p) : p)));
  const [before, after] = fillHole(inText, '"\u0000"').split("\u0000");
  const unknown = (raw: string) => `${text.slice(0, -1)},"zz_fuzz":${raw}}`;
  type Doc = [name: string, body: string | Uint8Array, expect: string];
  const cases: Doc[] = [
    // Not a JSON object.
    ...["[]", '"x"', "1", "null", "true", `[${text}]`].map((
      b,
    ): Doc => [`body ${b.slice(0, 20)}`, b, "400"]),
    ["empty body", "", "400"],
    ["whitespace body", " \r\n\t", "400"],
    ["empty object", "{}", "400"],
    // Broken syntax.
    ...cutPoints(prng, text.length, 3).map((
      at,
    ): Doc => [`truncated at ${at}`, text.slice(0, at), "400"]),
    ["trailing garbage", `${text}x`, "400"],
    ["two objects", text + text, "400"],
    ["trailing comma", `${text.slice(0, -1)},}`, "400"],
    ["trailing whitespace", `${text}\n\t `, ok],
    ["single quotes", text.replaceAll('"', "'"), "400"],
    ["unquoted keys", text.replace(/"(\w+)":/g, "$1:"), "400"],
    ["comment", `/* c */${text}`, "400"],
    ...["NaN", "Infinity", "-Infinity", "01", "+1", ".5", "1.", "0x10", "undefined", "True", "nul"]
      .map((lit): Doc => [`literal ${lit}`, unknown(lit), "400"]),
    ["duplicate key, valid last", `{"${Object.keys(endpoint.base)[0]}":[1,2],${text.slice(1)}`, ok],
    [
      "duplicate key, invalid last",
      `${text.slice(0, -1)},"${Object.keys(endpoint.base)[0]}":[1,2]}`,
      "400",
    ],
    // Encodings: the UTF-8 decoder replaces bad bytes inside strings; outside they break JSON.
    ["utf-8 BOM", bytes([0xef, 0xbb, 0xbf], text), ok],
    ["utf-16le with BOM", utf16le(text), "400"],
    ...[[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0x7f]]
      .map((b): Doc => [`bytes ${hex(b)} in a string`, bytes(before, b, after), ok]),
    ["raw NUL in a string", bytes(before, [0x00], after), "400"],
    ["raw newline in a string", bytes(before, [0x0a], after), "400"],
    ["byte ff before the body", bytes([0xff], text), "400"],
    ["byte ff after the body", bytes(text, [0xff]), "400"],
    // Size and shape.
    ["deep array 20000 in an unknown field", unknown(deepArray(20_000)), ok],
    ["deep object 5000 in an unknown field", unknown(deepObject(5_000)), ok],
    ["deep array 20000 in a text field", fillHole(inText, deepArray(20_000)), "400"],
    ["3000 unknown keys", `${text.slice(0, -1)},${keys(3_000)}}`, ok],
    [
      "long text field",
      fillHole(inText, JSON.stringify("lorem ".repeat(800))),
      longOk ? ok : "400",
    ],
    [
      "one 60000-character word in a text field",
      fillHole(inText, JSON.stringify("x".repeat(60_000))),
      longWordExpect[endpoint.name] ?? "400",
    ],
    [
      "body just under the limit",
      unknown(JSON.stringify("x".repeat(maxBytes - text.length - 20))),
      ok,
    ],
    ["body over the limit", unknown(JSON.stringify("x".repeat(maxBytes))), "413"],
  ];
  if (endpoint.name === "speech") {
    const words = { ...endpoint.base, input: "lorem ipsum ".repeat(200), response_format: "mp3" };
    cases.push(["400 words as mp3", JSON.stringify(words), ok]);
  }
  const out = cases.map(([name, body, expect]) =>
    jsonCase(`${endpoint.name} ${name}`, endpoint.path, body, expect)
  );
  const body = utf8(text);
  const raw = (name: string, expect: string, request: Partial<FuzzCase>) =>
    out.push({ ...jsonCase(`${endpoint.name} ${name}`, endpoint.path, body, expect), ...request });
  raw("chunked body", ok, {
    noLength: true,
    headers: [JSON_TYPE, ["transfer-encoding", "chunked"]],
    body: chunked(body),
  });
  raw("chunked body over the limit", "413", {
    noLength: true,
    headers: [JSON_TYPE, ["transfer-encoding", "chunked"]],
    body: chunked(utf8(unknown(JSON.stringify("x".repeat(maxBytes))))),
  });
  raw("content-length short of the body", "400", {
    noLength: true,
    headers: [JSON_TYPE, ["content-length", String(body.byteLength - 3)]],
  });
  raw("body cut off before content-length", "400", {
    noLength: true,
    headers: [JSON_TYPE, ["content-length", String(body.byteLength + 10)]],
    halfClose: true,
  });
  raw("content-length over the limit", "413", {
    noLength: true,
    headers: [JSON_TYPE, ["content-length", String(maxBytes + 1)]],
    halfClose: true,
  });
  for (const [type, expect] of CONTENT_TYPES) {
    raw(`content-type ${JSON.stringify(type)}`, expect === "ok" ? ok : expect, {
      headers: type === null ? [] : [["content-type", type]],
    });
  }
  return out;
}

/** Content types and the answer to a valid body sent with each. */
const CONTENT_TYPES: Array<[string | null, string]> = [
  [null, "ok"],
  ["application/json; charset=utf-8", "ok"],
  ["APPLICATION/JSON", "ok"],
  ["application/vnd.api+json", "ok"],
  ["text/json", "ok"],
  ["application/json; charset=latin1", "ok"],
  ["text/plain", "415"],
  ["application/x-www-form-urlencoded", "415"],
  ["multipart/form-data; boundary=x", "415"],
  ["", "415"],
  ["application/json, text/plain", "415"],
  ["application/jsonx", "415"],
  [";;;", "415"],
  ["*/*", "415"],
];

function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    out[2 + 2 * i] = text.charCodeAt(i) & 0xff;
    out[3 + 2 * i] = text.charCodeAt(i) >> 8;
  }
  return out;
}

function chunked(body: Uint8Array): Uint8Array {
  const parts: Array<string | Uint8Array> = [];
  for (let i = 0; i < body.byteLength; i += 1000) {
    const piece = body.subarray(i, i + 1000);
    parts.push(`${piece.byteLength.toString(16)}\r\n`, piece, "\r\n");
  }
  parts.push("0\r\n\r\n");
  return bytes(...parts);
}

const hex = (b: number[]) => b.map((x) => x.toString(16).padStart(2, "0")).join("");
const keys = (n: number) => Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(",");
