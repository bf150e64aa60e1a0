/** GET /metrics/history in process: a real temp database, the app's own request metrics. */
import assert from "node:assert/strict";
import { type Config, defaultConfig } from "../../../src/config/schema.ts";
import { Engine } from "../../../src/engine/engine.ts";
import { type MetricsStore, openMetricsStore } from "../../../src/metrics/metrics_store.ts";
import { MetricsPersistence } from "../../../src/metrics/persistence.ts";
import { createApp } from "../../../src/app/create_app.ts";
import { memoryLogger } from "../../../src/util/logger.ts";
import { ManualClock } from "../../../src/util/clock.ts";
import { IdGenerator } from "../../../src/util/ids.ts";
import { withTempDb } from "../../support/temp_db.ts";

function setup(store: MetricsStore | null) {
  const config = { ...defaultConfig(), responseDelay: 0, ttftMs: 0, itlMs: 0 } as Config;
  const clock = new ManualClock();
  const logger = memoryLogger();
  const engine = new Engine({ config, clock, ids: new IdGenerator(1) });
  const { app, metrics } = createApp({ config, engine, logger, metricsStore: store });
  const persistence = store
    ? new MetricsPersistence({ store, registry: metrics!, clock, intervalSeconds: 10, logger })
    : null;
  persistence?.start();
  const get = async (path: string) => {
    const res = await app.request(path);
    return { status: res.status, body: await res.json() };
  };
  return { app, clock, persistence, get };
}

async function withServer(fn: (t: ReturnType<typeof setup>) => Promise<void>) {
  await withTempDb(async (path) => {
    const t = setup(openMetricsStore(path));
    try {
      // Two snapshots 10 s apart: 2 then 3 requests to /v1/models, one 404 in between.
      for (let i = 0; i < 2; i++) await (await t.app.request("/v1/models")).body?.cancel();
      t.clock.advance(10_000);
      await (await t.app.request("/v1/models")).body?.cancel();
      await (await t.app.request("/v1/models/nope")).body?.cancel();
      t.clock.advance(10_000);
      await fn(t);
    } finally {
      t.persistence!.stop();
    }
  });
}

const MODELS = { endpoint: "/v1/models", method: "GET", status: "200", model: "" };
const T1 = 1_700_000_010; // ManualClock's wall start + 10 s

Deno.test("/metrics/history?metric=…: the stored series, oldest first", () =>
  withServer(async (t) => {
    const { status, body } = await t.get(
      `/metrics/history?metric=fakeai_requests_total&labels=${
        encodeURIComponent(JSON.stringify({ endpoint: "/v1/models" }))
      }`,
    );
    assert.equal(status, 200);
    assert.deepEqual(body, {
      object: "list",
      metric: "fakeai_requests_total",
      data: [
        { timestamp: T1, labels: MODELS, value: 2 },
        { timestamp: T1 + 10, labels: MODELS, value: 3 },
      ],
      has_more: false,
    });
  }));

Deno.test("/metrics/history: since/until as unix seconds or ISO 8601, limit and has_more", () =>
  withServer(async (t) => {
    const q = "/metrics/history?metric=fakeai_requests_total&labels=" +
      encodeURIComponent('{"status":"200","endpoint":"/v1/models"}');
    const since = await t.get(`${q}&since=${T1 + 5}`);
    assert.deepEqual(since.body.data.map((p: { value: number }) => p.value), [3]);
    const until = await t.get(`${q}&until=2023-11-14T22:13:35Z`);
    assert.deepEqual(until.body.data.map((p: { value: number }) => p.value), [2]);
    const page = await t.get(`${q}&limit=1`);
    assert.deepEqual([page.body.data.length, page.body.has_more], [1, true]);
    const errors = await t.get("/metrics/history?metric=fakeai_errors_total");
    assert.deepEqual(errors.body.data, [
      { timestamp: T1 + 10, labels: { type: "model_not_found" }, value: 1 },
    ]);
    const empty = await t.get("/metrics/history?metric=fakeai_abuse_events_total");
    assert.deepEqual([empty.status, empty.body.data], [200, []], "known series, no rows yet");
  }));

Deno.test("/metrics/history without metric: the stored metric names with their time range", () =>
  withServer(async (t) => {
    const { status, body } = await t.get("/metrics/history");
    assert.equal(status, 200);
    assert.equal(body.object, "list");
    const requests = body.data.find((m: { name: string }) => m.name === "fakeai_requests_total");
    assert.deepEqual(requests, {
      name: "fakeai_requests_total",
      type: "counter",
      help: "Requests by endpoint (route pattern), method, status and model.",
      first_timestamp: T1,
      last_timestamp: T1 + 10,
    });
    const latency = body.data.find((m: { name: string }) => m.name === "fakeai_latency_seconds");
    assert.equal(latency.type, "gauge");
  }));

Deno.test("/metrics/history: bad parameters → OpenAI 400 with param; unknown metric → 404", () =>
  withServer(async (t) => {
    const cases: Array<[string, number, string | null, string]> = [
      ["metric=fakeai_requests_total&since=yesterday", 400, "since", "invalid_value"],
      ["metric=fakeai_requests_total&until=2023-02-30", 400, "until", "invalid_value"],
      ["metric=fakeai_requests_total&since=200&until=100", 400, "since", "invalid_value"],
      ["metric=fakeai_requests_total&limit=0", 400, "limit", "invalid_value"],
      ["metric=fakeai_requests_total&limit=10001", 400, "limit", "invalid_value"],
      ["metric=fakeai_requests_total&limit=abc", 400, "limit", "invalid_value"],
      ["metric=fakeai_requests_total&labels=%7Bbad", 400, "labels", "invalid_value"],
      ["metric=fakeai_requests_total&labels=%5B%5D", 400, "labels", "invalid_value"],
      ["metric=fakeai_requests_total&labels=%7B%22a%22%3A1%7D", 400, "labels", "invalid_value"],
      ["metric=", 400, "metric", "invalid_value"],
      ["metric=no_such_metric", 404, "metric", "metric_not_found"],
    ];
    for (const [query, status, param, code] of cases) {
      const res = await t.get(`/metrics/history?${query}`);
      assert.equal(res.status, status, query);
      assert.equal(res.body.error.type, "invalid_request_error", query);
      assert.equal(res.body.error.param, param, query);
      assert.equal(res.body.error.code, code, query);
      assert.equal(typeof res.body.error.message, "string");
    }
  }));

Deno.test("/metrics/history with persistence off → 404 metrics_persistence_disabled", async () => {
  const t = setup(null);
  for (const path of ["/metrics/history", "/metrics/history?metric=fakeai_requests_total"]) {
    const { status, body } = await t.get(path);
    assert.equal(status, 404);
    assert.equal(body.error.code, "metrics_persistence_disabled");
    assert.match(body.error.message, /FAKEAI_METRICS_PERSISTENCE_ENABLED=true/);
  }
});
