import assert from "node:assert/strict";
import { ApiError } from "../../../src/server/errors.ts";
import {
  inspectJson,
  isBinaryBlob,
  type JsonLimits,
} from "../../../src/traffic/security/json_limits.ts";

const LIMITS: JsonLimits = { maxMessages: 4, maxStringLength: 20, maxDepth: 5, maxItems: 6 };

function rejection(body: Record<string, unknown>, limits = LIMITS) {
  try {
    inspectJson(body, limits, null);
  } catch (err) {
    assert.ok(err instanceof ApiError);
    return { status: err.status, param: err.param, code: err.code, message: err.message };
  }
  return null;
}

const msgs = (n: number) => Array.from({ length: n }, () => ({ role: "user", content: "hi" }));

Deno.test("a body within every limit passes", () => {
  assert.equal(rejection({ model: "m", messages: msgs(4), n: 1, stop: ["a", "b"] }), null);
});

Deno.test("too many messages names `messages` in OpenAI's words", () => {
  assert.deepEqual(rejection({ messages: msgs(5) }), {
    status: 400,
    param: "messages",
    code: "array_above_max_length",
    message:
      "Invalid 'messages': array too long. Expected an array with maximum length 4, but got an array with length 5 instead.",
  });
  // Responses input items count as messages; embeddings inputs (strings, tokens) do not.
  assert.equal(rejection({ input: msgs(5) })?.param, "input");
  assert.equal(rejection({ input: ["a", "b", "c", "d", "e"] }), null);
});

Deno.test("a long string names its path", () => {
  const body = {
    messages: [{ role: "user", content: "ok" }, { role: "user", content: "x".repeat(21) }],
  };
  const r = rejection(body)!;
  assert.equal(r.param, "messages[1].content");
  assert.equal(r.code, "string_above_max_length");
  assert.match(r.message, /maximum length 20, but got a string with length 21/);
  const parts = { messages: [{ role: "user", content: [{ type: "text", text: "y".repeat(30) }] }] };
  assert.equal(rejection(parts)!.param, "messages[0].content[0].text");
  assert.equal(
    rejection({ metadata: { ["k".repeat(21)]: "v" } })!.param,
    `metadata.${"k".repeat(21)}`,
  );
});

Deno.test("base64 media is bounded by the request size, not the string limit", () => {
  const png = "data:image/png;base64," + "A".repeat(5000);
  const limits = { ...LIMITS, maxStringLength: 100, maxDepth: 32 };
  assert.equal(
    rejection({ messages: [{ role: "user", content: [{ image_url: { url: png } }] }] }, limits),
    null,
  );
  const audio = { messages: [{ content: [{ input_audio: { data: "QUJD".repeat(500) } }] }] };
  assert.equal(rejection(audio, limits), null);
  // Elsewhere a long unbroken string is text like any other.
  assert.equal(rejection({ user: "QUJD".repeat(500) }, limits)?.code, "string_above_max_length");
  assert.ok(isBinaryBlob(png));
  assert.ok(!isBinaryBlob("data:text/html;base64," + "A".repeat(5000))); // scanned as text
  assert.ok(!isBinaryBlob("word ".repeat(300)));
});

Deno.test("nesting deeper than the limit is rejected at the first too-deep container", () => {
  const ok = { a: { b: { c: { d: 1 } } } }; // 4 levels including the body
  assert.equal(rejection(ok), null);
  const deep = { a: { b: { c: { d: { e: {} } } } } }; // 6 levels
  const r = rejection(deep)!;
  assert.equal(r.param, "a.b.c.d.e");
  assert.equal(r.code, "nesting_above_max_depth");
});

Deno.test("the walk is iterative: 100k levels of nesting are rejected without a stack overflow", () => {
  let v: unknown = {};
  for (let i = 0; i < 100_000; i++) v = [v];
  assert.equal(rejection({ x: v })!.code, "nesting_above_max_depth");
  // With a generous depth limit the whole thing is walked, still without recursion.
  assert.equal(rejection({ x: v }, { ...LIMITS, maxDepth: 200_000 }), null);
});

Deno.test("arrays and objects with too many items", () => {
  assert.equal(rejection({ stop: [1, 2, 3, 4, 5, 6, 7] })!.param, "stop");
  assert.equal(rejection({ tools: [{ x: [1, 2, 3, 4, 5, 6, 7] }] })!.param, "tools[0].x");
  const wide = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`k${i}`, i]));
  const r = rejection({ logit_bias: wide })!;
  assert.equal(r.param, "logit_bias");
  assert.equal(r.code, "object_above_max_keys");
});

Deno.test("the scanner sees every text string and key once, in document order", () => {
  const seen: string[] = [];
  inspectJson({ a: "one", b: ["two", { c: "three" }], d: 4 }, null, (text, path, isKey) => {
    seen.push(`${isKey ? "key" : "str"}:${text}@${path()}`);
  });
  assert.deepEqual(seen, [
    "key:a@a",
    "str:one@a",
    "key:b@b",
    "str:two@b[0]",
    "key:c@b[1].c",
    "str:three@b[1].c",
    "key:d@d",
  ]);
});
