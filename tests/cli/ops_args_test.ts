/** Flags of healthcheck/status/metrics, the status text, and where the ops commands connect. */
import assert from "node:assert/strict";
import { parseOpsArgs } from "../../src/cli/ops_args.ts";
import { describeFetchError, errorSummary, resolveTarget } from "../../src/cli/ops_client.ts";
import { duration, isOpsEndpoint, statusLines } from "../../src/cli/status_report.ts";

const ALL = ["url", "timeout", "format", "watch", "count"] as const;
const io = (env: Record<string, string> = {}) => ({
  out: () => {},
  err: () => {},
  env,
  cwd: "/nonexistent-dir",
});

Deno.test("ops args: values inline or separate, --watch with and without seconds", () => {
  const a = parseOpsArgs(["--url=http://h:1", "--timeout", "2.5", "--format", "prometheus"], ALL);
  assert.deepEqual(a.errors, []);
  assert.equal(a.args.url, "http://h:1");
  assert.equal(a.args.timeoutSeconds, 2.5);
  assert.equal(a.args.format, "prometheus");
  assert.equal(a.args.watchSeconds, undefined);

  assert.equal(parseOpsArgs(["--watch"], ALL).args.watchSeconds, 5);
  assert.equal(parseOpsArgs(["--watch", "2"], ALL).args.watchSeconds, 2);
  assert.equal(parseOpsArgs(["--watch=0.5"], ALL).args.watchSeconds, 0.5);
  // A following flag is not the watch interval.
  const w = parseOpsArgs(["--watch", "--count", "3"], ALL);
  assert.deepEqual(w.errors, []);
  assert.equal(w.args.watchSeconds, 5);
  assert.equal(w.args.count, 3);
  assert.equal(parseOpsArgs(["-h"], ALL).args.help, true);
  assert.equal(parseOpsArgs([], ALL).args.timeoutSeconds, 3);
});

Deno.test("ops args: bad input is one error line each", () => {
  const cases: Array<[string[], RegExp]> = [
    [["--watch", "0"], /unexpected argument "0"|--watch/],
    [["--watch=0"], /--watch: expected a number of seconds above 0/],
    [["--timeout", "soon"], /--timeout: expected a number/],
    [["--count", "0", "--watch"], /--count: expected a whole number/],
    [["--count", "2"], /--count: only with --watch/],
    [["--url"], /--url: expects a value/],
    [["--bogus"], /unknown flag --bogus/],
    [["extra"], /unexpected argument "extra"/],
  ];
  for (const [args, pattern] of cases) {
    const { errors } = parseOpsArgs(args, ALL);
    assert.ok(errors.some((e) => pattern.test(e)), `${args.join(" ")}: ${errors}`);
  }
  assert.match(parseOpsArgs(["--format", "json"], ["url"]).errors[0], /unknown flag --format/);
});

Deno.test("ops target: --url, else the configured port on loopback (wildcard hosts too)", () => {
  assert.deepEqual(resolveTarget(io(), undefined), {
    origin: "http://127.0.0.1:8000",
    headers: { accept: "application/json, text/plain" },
  });
  const origin = (env: Record<string, string>, url?: string) => {
    const t = resolveTarget(io(env), url);
    return "error" in t ? t.error : t.origin;
  };
  assert.equal(origin({ FAKEAI_PORT: "9001", FAKEAI_HOST: "0.0.0.0" }), "http://127.0.0.1:9001");
  assert.equal(origin({ FAKEAI_HOST: "::" }), "http://[::1]:8000");
  assert.equal(origin({ FAKEAI_HOST: "127.0.0.5" }), "http://127.0.0.5:8000");
  assert.equal(origin({ FAKEAI_HOST: "::1" }), "http://[::1]:8000");
  // An invalid port keeps the default rather than failing the health check.
  assert.equal(origin({ FAKEAI_PORT: "eighty" }), "http://127.0.0.1:8000");
  assert.equal(origin({}, "http://example.test:81/health"), "http://example.test:81");
  assert.match(origin({}, "not a url"), /--url: not a URL/);
  assert.match(origin({}, "ftp://x/"), /--url: expected an http/);
});

Deno.test("ops client: fetch failures and error bodies become short reasons", () => {
  const refused = new TypeError("fetch failed", {
    cause: new Error(
      "error sending request for url (http://127.0.0.1:1/health): client error (Connect): tcp connect error: Connection refused (os error 111)",
    ),
  });
  assert.equal(describeFetchError(refused, 3), "connection refused");
  assert.equal(
    describeFetchError(new DOMException("signal timed out", "TimeoutError"), 3),
    "no answer within 3 s",
  );
  assert.equal(
    describeFetchError(new TypeError("fetch failed", { cause: new Error("dns error: x") }), 3),
    "host not found",
  );
  assert.equal(
    errorSummary(503, '{"status":"shutting_down","uptime":3}'),
    "HTTP 503: shutting_down",
  );
  assert.equal(
    errorSummary(401, '{"error":{"message":"Incorrect API key provided."}}'),
    "HTTP 401: Incorrect API key provided.",
  );
  assert.equal(
    errorSummary(502, "<html>Bad Gateway</html>\nmore"),
    "HTTP 502: <html>Bad Gateway</html>",
  );
});

Deno.test("status report: API figures leave the ops endpoints out", () => {
  const lines = statusLines("http://127.0.0.1:8000", { status: "healthy", version: "1.2.3" }, {
    requests: {
      "/v1/chat/completions": { rate: 2, count: 100, p99: 0.8124 },
      "/v1/embeddings": { rate: 0.5, count: 10, p99: 0.02 },
      "/health": { rate: 10, count: 500, p99: 5 },
    },
    responses: { "200": 600, "429": 7, "500": 3 },
    tokens: { rate: 1234.56 },
    errors: { rate: 0.0123 },
    streaming_stats: { active_streams: 3 },
    memory: { rss_bytes: 150 * 1048576 },
    window_seconds: 300,
    uptime_seconds: 3723,
  });
  const text = lines.join("\n");
  assert.equal(lines[0], "FakeAI 1.2.3 at http://127.0.0.1:8000: healthy");
  assert.match(text, /uptime\s+1h 2m 3s/);
  assert.match(text, /requests\/s\s+2\.50\s+\(API endpoints, last 300 s\)/);
  assert.match(text, /p99 latency\s+812\.4 ms\s+\(\/v1\/chat\/completions\)/);
  assert.match(text, /tokens\/s\s+1234\.6/);
  assert.match(text, /active streams\s+3/);
  assert.match(text, /error rate\s+1\.23 %/);
  assert.match(text, /requests total\s+610\s+\(2xx 600 · 4xx 7 · 5xx 3\)/);
  assert.match(text, /memory \(RSS\)\s+150\.0 MiB/);

  const idle = statusLines("u", { status: "healthy", uptime: 4 }, { requests: {} }).join("\n");
  assert.match(idle, /p99 latency\s+-\s+\(no API requests in the window\)/);
  const off = statusLines("u", { status: "healthy", uptime: 4 }, "disabled on this server");
  assert.deepEqual(off.slice(1), [
    "  uptime            4s",
    "  metrics           disabled on this server",
  ]);
  assert.equal(isOpsEndpoint("/metrics/prometheus"), true);
  assert.equal(isOpsEndpoint("/healthz"), false);
  assert.equal(duration(90061), "1d 1h 1m 1s");
  assert.equal(duration(59.9), "59s");
});
