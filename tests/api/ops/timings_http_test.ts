/**
 * GET /v1/fakeai/timings (JSON lines, since/limit), /{request_id} and /summary; the ledger off;
 * bad query values; API keys; the settings from env, flag and file.
 */
import assert from "node:assert/strict";
import { drainAvailable, testApp } from "../../support/in_process.ts";
import { loadConfig } from "../../../src/config/load.ts";
import { parseFlags } from "../../../src/cli/flags.ts";
import { runCli } from "../../support/fakeai_process.ts";
import { withTempDir } from "../../support/temp_dir.ts";

const TIMED = { timingLedger: true, ttftMs: 10, ttftVariancePct: 0, itlMs: 5, itlVariancePct: 0 };
const chat = (tokens: number, model = "gpt-4o") => ({
  model,
  messages: [{ role: "user", content: "hi" }],
  stream: true,
  max_tokens: tokens,
  ignore_eos: true,
});

/** Three streamed requests arriving at 0, 100 and 200 ms, read to the end. */
async function threeRequests() {
  const t = testApp(TIMED);
  for (let i = 0; i < 3; i++) {
    const res = await t.post("/v1/chat/completions", chat(2 + i), { "x-request-id": `r${i}` });
    const reader = res.body!.getReader();
    t.clock.advance(100);
    await drainAvailable(reader);
  }
  return t;
}

const lines = async (res: Response) =>
  (await res.text()).split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));

Deno.test("GET /v1/fakeai/timings: JSON lines, one record per request, oldest first", async () => {
  const t = await threeRequests();
  const res = await t.get("/v1/fakeai/timings");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/x-ndjson");
  const records = await lines(res);
  assert.deepEqual(records.map((r) => r.request_id), ["r0", "r1", "r2"]);
  assert.deepEqual(records.map((r) => r.arrived_ms), [0, 100, 200]);
  assert.deepEqual(records[2].sent_ms, [10, 15, 20, 25]);
  assert.deepEqual(Object.keys(records[0]), [
    "request_id",
    "endpoint",
    "model",
    "worker",
    "stream",
    "mode",
    "arrived_at",
    "arrived_ms",
    "ttft_ms",
    "cached_tokens",
    "queue_ms",
    "fault",
    "end",
    "duration_ms",
    "steps",
    "steps_sent",
    "due_ms",
    "sent_ms",
  ]);
});

Deno.test("since (clock ms or ISO time) and limit select the records", async () => {
  const t = await threeRequests();
  const ids = async (query: string) =>
    (await lines(await t.get(`/v1/fakeai/timings?${query}`))).map((r) => r.request_id);
  assert.deepEqual(await ids("since=100"), ["r1", "r2"]);
  assert.deepEqual(await ids("since=100&limit=1"), ["r1"]);
  assert.deepEqual(await ids("limit=2"), ["r0", "r1"]);
  const wall = new Date(1_700_000_000_150).toISOString();
  assert.deepEqual(await ids(`since=${wall}`), ["r2"]);
  assert.deepEqual(await ids("since=1000"), []);
});

Deno.test("GET /v1/fakeai/timings/{id}: one record, or an OpenAI-shaped 404", async () => {
  const t = await threeRequests();
  const res = await t.get("/v1/fakeai/timings/r1");
  assert.equal(res.status, 200);
  assert.equal((await res.json()).request_id, "r1");
  const missing = await t.get("/v1/fakeai/timings/nope");
  assert.equal(missing.status, 404);
  const { error } = await missing.json();
  assert.equal(error.code, "timing_record_not_found");
  assert.equal(error.type, "invalid_request_error");
  assert.equal(error.param, "request_id");
});

Deno.test("summary: per model and endpoint, with a window", async () => {
  const t = await threeRequests();
  const all = await (await t.get("/v1/fakeai/timings/summary")).json();
  assert.equal(all.object, "fakeai.timings.summary");
  assert.equal(all.window_seconds, null);
  assert.equal(all.requests, 3);
  const [group] = all.data;
  assert.equal(group.model, "gpt-4o");
  assert.equal(group.endpoint, "/v1/chat/completions");
  assert.deepEqual(group.ends, { done: 3 });
  assert.deepEqual(group.ttft_ms, {
    count: 3,
    min: 10,
    mean: 10,
    p50: 10,
    p90: 10,
    p99: 10,
    max: 10,
  });
  assert.deepEqual(group.itl_ms, { count: 6, min: 5, mean: 5, p50: 5, p90: 5, p99: 5, max: 5 });
  assert.equal(group.lateness_ms.count, 9);
  assert.equal(group.lateness_ms.max, 0);
  // The clock is at 300 ms: a 0.15 s window starts at 150, so it holds r2 only.
  const recent = await (await t.get("/v1/fakeai/timings/summary?window=0.15")).json();
  assert.equal(recent.window_seconds, 0.15);
  assert.equal(recent.requests, 1);
});

Deno.test("bad query values are OpenAI-shaped 400s naming the parameter", async () => {
  const t = testApp(TIMED);
  for (
    const [path, param] of [
      ["/v1/fakeai/timings?limit=0", "limit"],
      ["/v1/fakeai/timings?limit=abc", "limit"],
      ["/v1/fakeai/timings?since=yesterday", "since"],
      ["/v1/fakeai/timings/summary?window=-1", "window"],
      ["/v1/fakeai/timings/summary?window=x", "window"],
    ]
  ) {
    const res = await t.get(path);
    assert.equal(res.status, 400, path);
    const { error } = await res.json();
    assert.equal(error.param, param, path);
    assert.equal(error.type, "invalid_request_error");
  }
});

Deno.test("ledger off: every timings route is a 404 saying how to enable it", async () => {
  const t = testApp();
  for (const path of ["/v1/fakeai/timings", "/v1/fakeai/timings/summary", "/v1/fakeai/timings/x"]) {
    const res = await t.get(path);
    assert.equal(res.status, 404, path);
    const { error } = await res.json();
    assert.equal(error.code, "timing_ledger_disabled");
    assert.match(error.message, /--timing-ledger/);
  }
  assert.equal(t.timingLedger, null);
});

Deno.test("API keys apply to the timings routes", async () => {
  const t = testApp({ ...TIMED, requireApiKey: true, apiKeys: ["sk-test"] });
  assert.equal((await t.get("/v1/fakeai/timings")).status, 401);
  const ok = await t.get("/v1/fakeai/timings", { authorization: "Bearer sk-test" });
  assert.equal(ok.status, 200);
});

Deno.test("settings: env, flag and config file; defaults off and 10,000", async () => {
  const env = loadConfig({
    env: { FAKEAI_TIMING_LEDGER: "true", FAKEAI_TIMING_LEDGER_MAX_REQUESTS: "50" },
    flags: [],
  });
  assert.deepEqual(env.errors, []);
  assert.equal(env.config.timingLedger, true);
  assert.equal(env.config.timingLedgerMaxRequests, 50);
  const defaults = loadConfig({ env: {}, flags: [] });
  assert.equal(defaults.config.timingLedger, false);
  assert.equal(defaults.config.timingLedgerMaxRequests, 10_000);
  const parsed = parseFlags(["--timing-ledger", "--timing-ledger-max-requests", "7"]);
  assert.deepEqual(parsed.errors, []);
  const flags = loadConfig({ env: {}, flags: parsed.flags });
  assert.equal(flags.config.timingLedger, true);
  assert.equal(flags.config.timingLedgerMaxRequests, 7);
  const file = "monitoring:\n  timing_ledger: true\n  timing_ledger_max_requests: 9\n";
  await withTempDir({ "c.yaml": file }, (dir) => {
    const r = loadConfig({ env: {}, flags: [], configFile: `${dir}/c.yaml` });
    assert.deepEqual(r.errors, []);
    assert.equal(r.config.timingLedger, true);
    assert.equal(r.config.timingLedgerMaxRequests, 9);
  });
});

Deno.test("cli: a bad FAKEAI_TIMING_LEDGER_MAX_REQUESTS exits 2 naming it", async () => {
  const r = await runCli(["server"], { env: { FAKEAI_TIMING_LEDGER_MAX_REQUESTS: "0" } });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /FAKEAI_TIMING_LEDGER_MAX_REQUESTS/);
});

Deno.test("GET /v1/fakeai/timings: a large ledger goes out in chunks, written as the client reads", async () => {
  const t = testApp(TIMED);
  const ledger = t.timingLedger!;
  for (let i = 0; i < 300; i++) {
    const record = ledger.begin({
      requestId: `big-${i}`,
      endpoint: "/v1/chat/completions",
      model: "gpt-4o",
      stream: true,
      mode: "fixed",
      arrivedMs: i,
      steps: 64,
      cachedTokens: 0,
    });
    for (let k = 0; k < 64; k++) {
      record.due(k, i + k);
      record.sent(k, i + k + 0.5);
    }
    record.finish("done", i + 64);
  }
  const res = await t.get("/v1/fakeai/timings");
  let chunks = 0;
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of res.body!) {
    chunks++;
    text += decoder.decode(chunk, { stream: true });
  }
  const records = text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));
  assert.equal(records.length, 300);
  assert.equal(records[299].request_id, "big-299");
  assert.deepEqual(records[0].sent_ms.slice(0, 2), [0.5, 1.5]);
  assert.ok(chunks > 1, `one body of ${text.length} characters in ${chunks} chunk(s)`);
});
