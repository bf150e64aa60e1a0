/**
 * Route cases: every route with every method, request targets that play with slashes, dots and
 * percent-escapes, query strings on the list and ops routes, per-request headers with bad
 * values, and unknown routes made up from a PRNG.
 */
import type { Prng } from "../../src/util/prng.ts";
import { type FuzzCase, JSON_TYPE, utf8 } from "./fuzz_case.ts";

/** Concrete paths, the methods each takes, and the answer to a bare request (no body). */
const ROUTES: Array<[path: string, methods: Record<string, string>]> = [
  ["/v1/chat/completions", { POST: "400" }],
  ["/v1/completions", { POST: "400" }],
  ["/v1/responses", { POST: "400" }],
  ["/v1/responses/resp_fuzz", { GET: "404", DELETE: "404" }],
  ["/v1/responses/resp_fuzz/input_items", { GET: "404" }],
  ["/v1/embeddings", { POST: "400" }],
  ["/v1/moderations", { POST: "400" }],
  ["/v1/ranking", { POST: "400" }],
  ["/v1/audio/speech", { POST: "400" }],
  ["/v1/audio/transcriptions", { POST: "400" }],
  ["/v1/audio/translations", { POST: "400" }],
  ["/v1/images/generations", { POST: "400" }],
  ["/images/img-fuzz.png", { GET: "404" }],
  ["/v1/files", { GET: "2xx", POST: "400" }],
  ["/v1/files/file-fuzz", { GET: "404", DELETE: "404" }],
  ["/v1/files/file-fuzz/content", { GET: "404" }],
  ["/v1/batches", { GET: "2xx", POST: "400" }],
  ["/v1/batches/batch_fuzz", { GET: "404" }],
  ["/v1/batches/batch_fuzz/cancel", { POST: "404" }],
  ["/v1/models", { GET: "2xx" }],
  ["/v1/models/gpt-4o", { GET: "2xx" }],
  ["/health", { GET: "2xx" }],
  // Unhealthy (503) once the fuzzer's own 4xx answers pass 10 % of the window, as documented.
  ["/health/detailed", { GET: "2xx|503" }],
  ["/metrics", { GET: "2xx" }],
  ["/metrics/prometheus", { GET: "2xx" }],
  ["/metrics/vllm", { GET: "2xx" }],
  ["/metrics/streaming", { GET: "426" }],
  ["/metrics/stream", { GET: "426" }],
  ["/metrics/history", { GET: "2xx" }],
  ["/dcgm/metrics", { GET: "2xx" }],
  ["/dcgm/metrics/json", { GET: "2xx" }],
  ["/kv-cache/metrics", { GET: "2xx" }],
  // An endless SSE stream: GET is not sent (HEAD gets its headers).
  ["/kv-cache/events", { GET: "endless" }],
  ["/admin/clear-kv-cache", { POST: "2xx" }],
  ["/admin/clear-cache", { POST: "2xx" }],
];

/** Methods are case-sensitive (RFC 9110): `get` is not GET, so it is a 405 like FUZZ. */
const METHODS = [
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "PATCH",
  "OPTIONS",
  "TRACE",
  "get",
  "post",
  "FUZZ",
];

function methodCases(): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (const [path, methods] of ROUTES) {
    for (const method of METHODS) {
      // HEAD is answered as GET without the body.
      let expect = methods[method === "HEAD" ? "GET" : method] ?? "405";
      if (expect === "endless") {
        if (method === "GET") continue;
        expect = "2xx";
      }
      cases.push({
        id: `method ${method} ${path}`,
        method,
        target: path,
        expect,
        report: path === "/health/detailed",
      });
    }
    // A CORS preflight is answered for any path.
    cases.push({
      id: `preflight ${path}`,
      method: "OPTIONS",
      target: path,
      headers: [["origin", "https://example.com"], ["access-control-request-method", "POST"]],
      expect: "204",
    });
  }
  return cases;
}

export const CHAT_BODY = utf8(
  '{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],"max_tokens":2}',
);

/**
 * Request targets and the answer. Paths are matched as sent, after percent-decoding: no slash
 * merging, no dot-segment removal (a `..` never climbs onto another route), so those are 404s.
 */
const CHAT_TARGETS: Array<[string, string]> = [
  ["//v1/chat/completions", "404"],
  ["/v1//chat/completions", "404"],
  ["/v1/chat/completions/", "404"],
  ["/v1/chat/completions//", "404"],
  ["/v1/chat/./completions", "404"],
  ["/v1/x/../chat/completions", "404"],
  ["/v1/%2e%2e/v1/chat/completions", "404"],
  ["/v1/chat/%2E/completions", "404"],
  ["/v1/chat/completion%73", "2xx"],
  ["/v1/chat%2Fcompletions", "404"],
  ["/v1/chat%2fcompletions", "404"],
  ["/V1/CHAT/COMPLETIONS", "404"],
  ["/v1/chat/completions;a=b", "404"],
  ["/v1/chat/completions%00", "404"],
  ["/v1/chat/completions%20", "404"],
  ["/v1/chat/completions/..", "404"],
  ["/v1/chat/completions?", "2xx"],
  ["/v1/chat/completions?stream=true&model=x", "2xx"],
  ["/v1/chat/completions?a=%ff&b=%zz&&=&c", "2xx"],
  [`/v1/chat/completions?${"q=1&".repeat(2000)}`, "2xx"],
  ["http://{authority}/v1/chat/completions", "2xx"],
  [`/v1/chat/completions${"/..".repeat(50)}`, "404"],
];

const GET_TARGETS: Array<[string, string]> = [
  ["/v1/models/", "404"],
  ["//v1/models", "404"],
  ["/v1/./models", "404"],
  ["/v1/%2e%2e/v1/models", "404"],
  ["/v1/mod%65ls", "2xx"],
  ["/v1/models%2f", "404"],
  ["/v1/models?&&&=", "2xx"],
  ["/v1/models/%ff", "404"],
  ["/v1/models/%", "404"],
  ["/v1/models/%2", "404"],
  ["/v1/models/%zz", "404"],
  ["/v1/models/%c0%af", "404"],
  ["/v1/models/%ed%a0%80", "404"],
  // Decoded once: the id is "gpt%2D4o", which is not gpt-4o.
  ["/v1/models/gpt%252D4o", "404"],
  ["/v1/models/gpt%2D4o", "2xx"],
  [`/v1/models/${"m".repeat(60_000)}`, "404"],
  [`/${"a".repeat(8_000)}`, "404"],
  ["/v1/files/%ff", "404"],
  ["/v1/files/%ff/content", "404"],
  ["/v1/files/..%2f..%2fetc%2fpasswd", "404"],
  ["/v1/responses/%ff", "404"],
  ["/v1/responses/%ff/input_items", "404"],
  ["/v1/batches/%ff", "404"],
  ["/images/%ff.png", "404"],
  ["/images/..%2f..%2fetc%2fpasswd", "404"],
  ["/images/img-fuzz.png?size=1e308", "404"],
  ["/health?verbose=%ff", "2xx"],
  ["/health/detailed?x=1", "2xx|503"],
  ["/metrics?format=%00", "2xx"],
  ["/%ff", "404"],
  ["/%", "404"],
  ["/\u00e9", "404"],
  ["/v1/%F0%9F%A6%9C", "404"],
  // Raw UTF-8 in the target (not percent-encoded): the app gets it and answers.
  ["/v1/mod\u00e9ls", "404"],
  ["/v1/models/\u00ff", "404"],
  ["/v1/models?x=\u00ff", "2xx"],
];

/** Request lines HTTP does not allow: answered by Deno's HTTP layer, never by the app. */
const MALFORMED_TARGETS = ["/v1/models/a\u0001b", "/v1/models/a b", "/v1/chat/completions\u007f"];

function targetCases(): FuzzCase[] {
  return [
    ...MALFORMED_TARGETS.map((target): FuzzCase => ({
      id: `target malformed ${JSON.stringify(target)}`,
      method: "GET",
      target,
      expect: "400",
      transport: true,
    })),
    { id: "target OPTIONS *", method: "OPTIONS", target: "*", expect: "404" },
    ...CHAT_TARGETS.map(([target, expect]): FuzzCase => ({
      id: `target POST ${target.slice(0, 60)}`,
      method: "POST",
      target,
      headers: [JSON_TYPE],
      body: CHAT_BODY,
      expect,
    })),
    ...GET_TARGETS.map(([target, expect]): FuzzCase => ({
      id: `target GET ${target.slice(0, 60)}`,
      method: "GET",
      target,
      expect,
      report: target.startsWith("/health/detailed"),
    })),
  ];
}

// No "..": it could climb out of /zz onto a real route.
const SEGMENTS = [
  "v1",
  "v2",
  "chat",
  "completions",
  "models",
  ".",
  "%2e",
  "%ff",
  "%00",
  "x",
  "\u00e9",
  "admin",
  "api",
  "~",
  "-",
  "%2F",
  "images",
  "edits",
];
const VERBS = ["GET", "POST", "PUT", "DELETE", "PATCH"];

/** Made-up paths under /zz (no route lives there) and the unimplemented OpenAI routes. */
function unknownRouteCases(prng: Prng): FuzzCase[] {
  const cases: FuzzCase[] = [
    "/v1/images/edits",
    "/v1/images/variations",
    "/v2/chat/completions",
    "/api/v1/chat/completions",
    "/v1/engines/davinci/completions",
    "/v1/chat/completions/extra",
    "/v1",
    "/v1/",
    "/",
  ].flatMap((target) =>
    ["POST", "GET"].map((method): FuzzCase => ({
      id: `unknown ${method} ${target}`,
      method,
      target,
      headers: [["content-type", "multipart/form-data; boundary=x"]],
      body: utf8(
        '--x\r\ncontent-disposition: form-data; name="image"; filename="a.png"\r\n\r\nPNG\r\n--x--\r\n',
      ),
      expect: "404",
    }))
  );
  for (let i = 0; i < 60; i++) {
    const depth = 1 + prng.int(6);
    const path = Array.from({ length: depth }, () => prng.pick(SEGMENTS)).join("/");
    const method = prng.pick(VERBS);
    cases.push({
      id: `unknown #${i} ${method} /zz/${path}`,
      method,
      target: `/zz/${path}`,
      expect: "404",
    });
  }
  return cases;
}

export function routeCases(prng: Prng): FuzzCase[] {
  return [...methodCases(), ...targetCases(), ...unknownRouteCases(prng)];
}
