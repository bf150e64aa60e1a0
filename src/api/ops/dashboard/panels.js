// What the dashboard charts: each panel names its figure, unit and series, says how to read its
// values from a live frame (see src/metrics/live_snapshot.ts for the frame), which configured
// targets to draw as reference lines, and (`note`) when to show a message instead of the chart.

const each = (obj, fn) => Object.fromEntries(Object.entries(obj ?? {}).flatMap(fn));
const pct = (x) => (x === null || x === undefined ? null : x * 100);

export const PANELS = [
  {
    id: "requests",
    title: "Requests/s by model",
    unit: "req/s",
    extract: ({ frame, rate }) =>
      each(frame.models, ([m]) => [[m || "(none)", rate((f) => f.models?.[m]?.requests_total)]]),
  },
  {
    id: "endpoints",
    title: "Requests/s by endpoint",
    unit: "req/s",
    extract: ({ frame, rate }) =>
      each(frame.endpoints, ([e]) => [[e, rate((f) => f.endpoints?.[e]?.requests_total)]]),
  },
  {
    id: "tokens",
    title: "Tokens/s by model (input, output)",
    unit: "tok/s",
    extract: ({ frame, rate }) =>
      each(frame.models, ([m]) => [
        [`${m} in`, rate((f) => f.models?.[m]?.prompt_tokens_total)],
        [`${m} out`, rate((f) => f.models?.[m]?.completion_tokens_total)],
      ]),
  },
  {
    id: "endpoint_tokens",
    title: "Tokens/s by endpoint (input, output)",
    unit: "tok/s",
    // Only the endpoints (and directions) that have carried tokens: health and metrics never do.
    extract: ({ frame, rate }) =>
      each(frame.endpoints, ([e, figures]) => [
        ...(figures.prompt_tokens_total > 0
          ? [[`${e} in`, rate((f) => f.endpoints?.[e]?.prompt_tokens_total)]]
          : []),
        ...(figures.completion_tokens_total > 0
          ? [[`${e} out`, rate((f) => f.endpoints?.[e]?.completion_tokens_total)]]
          : []),
      ]),
  },
  {
    id: "errors",
    title: "Errors/s by type (injected faults included)",
    unit: "err/s",
    extract: ({ frame, rate }) => ({
      all: rate((f) => f.errors_total),
      ...each(frame.errors_by_type, ([t]) => [[t, rate((f) => f.errors_by_type?.[t])]]),
    }),
  },
  {
    id: "ttft",
    title: "Time to first token",
    unit: "ms",
    extract: ({ frame, info }) => ({
      p50: frame.ttft_p50_ms,
      p90: frame.ttft_p90_ms,
      p99: frame.ttft_p99_ms,
      target: info?.ttft_ms ?? null,
    }),
    reference: ["target"],
  },
  {
    id: "itl",
    title: "Inter-token latency",
    unit: "ms",
    extract: ({ frame, info }) => ({
      p50: frame.itl_p50_ms,
      p90: frame.itl_p90_ms,
      p99: frame.itl_p99_ms,
      target: info?.itl_ms ?? null,
    }),
    reference: ["target"],
  },
  {
    id: "lateness",
    title: "Lateness (sent − due, ms)",
    unit: "",
    note: ({ frame }) =>
      frame.timing_ledger === false ? "timing ledger off — start with --timing-ledger" : null,
    extract: ({ frame }) =>
      frame.timing_ledger
        ? {
          p50: frame.lateness_p50_ms,
          p99: frame.lateness_p99_ms,
          max: frame.lateness_max_ms,
          "on time": 0,
        }
        : {},
    reference: ["on time"],
  },
  {
    id: "e2e",
    title: "End-to-end latency (all endpoints)",
    unit: "ms",
    extract: ({ frame }) => ({
      p50: frame.p50_latency_ms,
      p90: frame.p90_latency_ms,
      p99: frame.p99_latency_ms,
    }),
  },
  {
    id: "engine",
    title: "Streams, engine queue and batch",
    unit: "",
    extract: ({ frame }) => ({
      "active streams": frame.active_streams,
      "queue depth": frame.waiting_requests,
      "batch size": frame.running_requests,
    }),
  },
  {
    id: "cache",
    title: "Cache hit rates and KV usage",
    unit: "%",
    extract: ({ frame, ratio }) => ({
      "KV hit rate": pct(frame.cache?.kv_hit_rate),
      "prompt cache hit rate": pct(
        ratio((f) => f.cache?.prefix_hit_tokens ?? 0, (f) => f.cache?.prefix_queried_tokens ?? 0),
      ),
      "KV usage": pct(frame.cache?.kv_usage),
    }),
  },
  {
    id: "kv_workers",
    title: "KV cache usage per simulated worker",
    unit: "%",
    extract: ({ frame }) =>
      Object.fromEntries((frame.kv_workers ?? []).map((w) => [`worker ${w.worker}`, pct(w.usage)])),
  },
  {
    id: "rate_limit",
    title: "Rate limiting: admitted vs 429",
    unit: "/s",
    extract: ({ rate }) => ({
      admitted: rate((f) => f.rate_limit?.allowed),
      "429 requests": rate((f) => f.rate_limit?.throttled_requests),
      "429 tokens": rate((f) => f.rate_limit?.throttled_tokens),
    }),
  },
  {
    id: "gpu_util",
    title: "GPU utilisation (simulated DCGM)",
    unit: "%",
    extract: ({ frame }) =>
      Object.fromEntries((frame.gpus ?? []).map((g) => [`GPU ${g.gpu}`, g.utilization_pct])),
  },
  {
    id: "gpu_memory",
    title: "GPU memory used",
    unit: "GiB",
    extract: ({ frame }) =>
      Object.fromEntries(
        (frame.gpus ?? []).map((g) => [`GPU ${g.gpu}`, Math.round(g.memory_used_mib / 102.4) / 10]),
      ),
  },
  {
    id: "gpu_power",
    title: "GPU power",
    unit: "W",
    extract: ({ frame }) =>
      Object.fromEntries((frame.gpus ?? []).map((g) => [`GPU ${g.gpu}`, g.power_w])),
  },
];
