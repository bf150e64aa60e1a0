/** /health/detailed's status from the recent error share, and the report around it. */
import assert from "node:assert/strict";
import {
  healthHttpStatus,
  healthReport,
  healthStatus,
  MIN_REQUESTS,
} from "../../src/metrics/health_report.ts";
import { MetricsRegistry } from "../../src/metrics/registry.ts";
import { ManualClock } from "../../src/util/clock.ts";

Deno.test("healthStatus: thresholds are strict (> 5 % degraded, > 10 % unhealthy)", () => {
  assert.equal(healthStatus(0, 100, false), "healthy");
  assert.equal(healthStatus(0.05, 100, false), "healthy");
  assert.equal(healthStatus(0.051, 100, false), "degraded");
  assert.equal(healthStatus(0.10, 100, false), "degraded");
  assert.equal(healthStatus(0.101, 100, false), "unhealthy");
  assert.equal(healthStatus(1, 100, true), "shutting_down");
});

Deno.test("healthStatus: too few requests in the window say nothing: healthy", () => {
  assert.equal(healthStatus(1, MIN_REQUESTS - 1, false), "healthy");
  assert.equal(healthStatus(1, MIN_REQUESTS, false), "unhealthy");
});

Deno.test("healthHttpStatus: 200 for healthy and degraded, 503 otherwise", () => {
  assert.equal(healthHttpStatus("healthy"), 200);
  assert.equal(healthHttpStatus("degraded"), 200);
  assert.equal(healthHttpStatus("unhealthy"), 503);
  assert.equal(healthHttpStatus("shutting_down"), 503);
});

function inputs(registry: MetricsRegistry | null, draining = false) {
  return { registry, draining, wallNowMs: 0, uptimeSeconds: 1.5, version: "9.9.9", rssBytes: 7 };
}

Deno.test("healthReport: errors in the window drive the status; old ones slide out", () => {
  const clock = new ManualClock();
  const r = new MetricsRegistry({ clock, windowSeconds: 60 });
  const req = (status: number) =>
    r.request({ endpoint: "/v1/chat/completions", method: "POST", status, latencySeconds: 0.2 });
  for (let i = 0; i < 18; i++) req(200);
  for (let i = 0; i < 2; i++) req(500);
  const degraded = healthReport(inputs(r));
  assert.equal(degraded.status, "degraded");
  assert.deepEqual(degraded.checks.error_rate, {
    value: 0.1,
    window_seconds: 60,
    requests_in_window: 20,
    min_requests: MIN_REQUESTS,
    degraded_above: 0.05,
    unhealthy_above: 0.1,
  });
  req(400);
  assert.equal(healthReport(inputs(r)).status, "unhealthy");
  clock.advance(61_000);
  const later = healthReport(inputs(r));
  assert.equal(later.status, "healthy");
  assert.equal(later.checks.error_rate?.requests_in_window, 0);
  assert.deepEqual(later.endpoints, {});
});

Deno.test("healthReport: per-endpoint rate and p99, gauges, memory, identity", () => {
  const clock = new ManualClock();
  const r = new MetricsRegistry({ clock, windowSeconds: 60 });
  for (let i = 0; i < 20; i++) {
    r.request({ endpoint: "/v1/embeddings", method: "POST", status: 200, latencySeconds: 0.05 });
  }
  r.streamStarted();
  r.generationStarted("m");
  clock.advance(10_000);
  const report = healthReport(inputs(r));
  assert.deepEqual(report.endpoints, {
    "/v1/embeddings": { requests_per_second: 2, p99_latency_ms: 50 },
  });
  assert.equal(report.checks.active_streams, 1);
  assert.equal(report.checks.running_requests, 1);
  assert.deepEqual(report.checks.memory, { rss_bytes: 7 });
  assert.equal(report.version, "9.9.9");
  assert.equal(report.uptime, 1.5);
  assert.equal(report.timestamp, "1970-01-01T00:00:00.000Z");
});

Deno.test("healthReport without metrics: only draining decides; metric checks are null", () => {
  const report = healthReport(inputs(null));
  assert.equal(report.status, "healthy");
  assert.equal(report.checks.error_rate, null);
  assert.equal(report.checks.active_streams, null);
  assert.equal(healthReport(inputs(null, true)).status, "shutting_down");
});
