/**
 * Every metric FakeAI exposes: name, type, help, labels and buckets — the one definition the
 * Prometheus views, the README table and the tests read. vLLM families use vLLM's own names,
 * labels and bucket boundaries so dashboards and autoscalers built for vLLM work unchanged.
 */

export type MetricType = "counter" | "gauge" | "histogram" | "summary";

export interface MetricDef {
  name: string;
  type: MetricType;
  help: string;
  labels: readonly string[];
  buckets?: readonly number[];
}

const def = (
  name: string,
  type: MetricType,
  help: string,
  labels: readonly string[] = [],
  buckets?: readonly number[],
): MetricDef => ({ name, type, help, labels, buckets });

// vLLM's bucket boundaries (vllm/v1/metrics/loggers.py).
// deno-fmt-ignore
export const VLLM_TTFT_BUCKETS = [
  0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0,
  20.0, 40.0, 80.0, 160.0, 640.0, 2560.0,
];
// deno-fmt-ignore
export const VLLM_ITL_BUCKETS = [
  0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0,
  40.0, 80.0,
];
// deno-fmt-ignore
export const VLLM_REQUEST_LATENCY_BUCKETS = [
  0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0,
  480.0, 960.0, 1920.0, 7680.0,
];
/** vLLM's build_1_2_5_buckets up to a 128k context. */
// deno-fmt-ignore
export const VLLM_TOKEN_BUCKETS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000,
];
// deno-fmt-ignore
export const REQUEST_DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300,
];
// deno-fmt-ignore
export const FAKEAI_TTFT_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
// deno-fmt-ignore
export const FAKEAI_ITL_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1,
];

/** Sent minus due: a step may go out up to half a ms early (the token clock's tolerance). */
// deno-fmt-ignore
export const LATENESS_BUCKETS = [
  0, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
];

const VLLM_LABELS = ["model_name", "engine"] as const;

export const FAKEAI_METRICS = {
  requestsPerSecond: def(
    "fakeai_requests_per_second",
    "gauge",
    "Request rate per endpoint over the metrics window.",
    ["endpoint"],
  ),
  latencySeconds: def(
    "fakeai_latency_seconds",
    "summary",
    "Response latency in seconds over the metrics window.",
    ["endpoint"],
  ),
  ttftSeconds: def(
    "fakeai_ttft_seconds",
    "summary",
    "Time to first token of streamed responses, seconds, over the metrics window.",
  ),
  kvCacheHitRate: def(
    "fakeai_kv_cache_hit_rate",
    "gauge",
    "KV (prefix) cache hit rate: share of lookups that reused at least one block.",
  ),
  errorsTotal: def("fakeai_errors_total", "counter", "Error responses by error type.", ["type"]),
  requestsTotal: def(
    "fakeai_requests_total",
    "counter",
    "Requests by endpoint (route pattern), method, status and model.",
    ["endpoint", "method", "status", "model"],
  ),
  requestDuration: def(
    "fakeai_request_duration_seconds",
    "histogram",
    "Request duration until the response (or stream) ended, seconds.",
    ["endpoint"],
    REQUEST_DURATION_BUCKETS,
  ),
  timeToFirstToken: def(
    "fakeai_time_to_first_token_seconds",
    "histogram",
    "Time to first token as sent to clients, seconds.",
    ["model"],
    FAKEAI_TTFT_BUCKETS,
  ),
  interTokenLatency: def(
    "fakeai_inter_token_latency_seconds",
    "histogram",
    "Gap between consecutive streamed tokens as sent to clients, seconds.",
    ["model"],
    FAKEAI_ITL_BUCKETS,
  ),
  tokensTotal: def(
    "fakeai_tokens_total",
    "counter",
    "Tokens processed, by model and kind (prompt or completion).",
    ["model", "kind"],
  ),
  streamsActive: def("fakeai_streams_active", "gauge", "Streams currently open."),
  streamsTotal: def(
    "fakeai_streams_total",
    "counter",
    "Finished streams by outcome (completed, failed).",
    ["outcome"],
  ),
  tokensPerSecond: def(
    "fakeai_tokens_per_second",
    "gauge",
    "Completion tokens per second over the metrics window.",
  ),
  tokenLateness: def(
    "fakeai_token_lateness_seconds",
    "histogram",
    "Timing ledger on (FAKEAI_TIMING_LEDGER): each step's sent time minus its due time, seconds (a non-streamed response is one step).",
    ["endpoint", "model"],
    LATENESS_BUCKETS,
  ),
  rateLimitBackendErrors: def(
    "fakeai_rate_limit_backend_errors_total",
    "counter",
    "Rate-limit store (Redis) calls that failed; FAKEAI_REDIS_FAILURE_POLICY decided instead.",
  ),
} as const;

export const VLLM_METRICS = {
  numRequestsRunning: def(
    "vllm:num_requests_running",
    "gauge",
    "Number of requests in model execution batches.",
    VLLM_LABELS,
  ),
  numRequestsWaiting: def(
    "vllm:num_requests_waiting",
    "gauge",
    "Number of requests waiting to be processed.",
    VLLM_LABELS,
  ),
  kvCacheUsagePerc: def(
    "vllm:kv_cache_usage_perc",
    "gauge",
    "KV-cache usage. 1 means 100 percent usage.",
    VLLM_LABELS,
  ),
  prefixCacheQueries: def(
    "vllm:prefix_cache_queries_total",
    "counter",
    "Prefix cache queries, in terms of number of queried tokens.",
    VLLM_LABELS,
  ),
  prefixCacheHits: def(
    "vllm:prefix_cache_hits_total",
    "counter",
    "Prefix cache hits, in terms of number of cached tokens.",
    VLLM_LABELS,
  ),
  promptTokens: def(
    "vllm:prompt_tokens_total",
    "counter",
    "Number of prefill tokens processed.",
    VLLM_LABELS,
  ),
  generationTokens: def(
    "vllm:generation_tokens_total",
    "counter",
    "Number of generation tokens processed.",
    VLLM_LABELS,
  ),
  requestSuccess: def(
    "vllm:request_success_total",
    "counter",
    "Count of successfully processed requests.",
    [...VLLM_LABELS, "finished_reason"],
  ),
  requestPromptTokens: def(
    "vllm:request_prompt_tokens",
    "histogram",
    "Number of prefill tokens processed.",
    VLLM_LABELS,
    VLLM_TOKEN_BUCKETS,
  ),
  requestGenerationTokens: def(
    "vllm:request_generation_tokens",
    "histogram",
    "Number of generation tokens processed.",
    VLLM_LABELS,
    VLLM_TOKEN_BUCKETS,
  ),
  timeToFirstToken: def(
    "vllm:time_to_first_token_seconds",
    "histogram",
    "Histogram of time to first token in seconds.",
    VLLM_LABELS,
    VLLM_TTFT_BUCKETS,
  ),
  interTokenLatency: def(
    "vllm:inter_token_latency_seconds",
    "histogram",
    "Histogram of inter-token latency in seconds.",
    VLLM_LABELS,
    VLLM_ITL_BUCKETS,
  ),
  timePerOutputToken: def(
    "vllm:time_per_output_token_seconds",
    "histogram",
    "Histogram of time per output token in seconds. DEPRECATED: Use vllm:inter_token_latency_seconds instead.",
    VLLM_LABELS,
    VLLM_ITL_BUCKETS,
  ),
  requestTimePerOutputToken: def(
    "vllm:request_time_per_output_token_seconds",
    "histogram",
    "Histogram of time_per_output_token_seconds per request.",
    VLLM_LABELS,
    VLLM_ITL_BUCKETS,
  ),
  e2eRequestLatency: def(
    "vllm:e2e_request_latency_seconds",
    "histogram",
    "Histogram of e2e request latency in seconds.",
    VLLM_LABELS,
    VLLM_REQUEST_LATENCY_BUCKETS,
  ),
  requestQueueTime: def(
    "vllm:request_queue_time_seconds",
    "histogram",
    "Histogram of time spent in WAITING phase for request.",
    VLLM_LABELS,
    VLLM_REQUEST_LATENCY_BUCKETS,
  ),
  requestPrefillTime: def(
    "vllm:request_prefill_time_seconds",
    "histogram",
    "Histogram of time spent in PREFILL phase for request.",
    VLLM_LABELS,
    VLLM_REQUEST_LATENCY_BUCKETS,
  ),
  requestDecodeTime: def(
    "vllm:request_decode_time_seconds",
    "histogram",
    "Histogram of time spent in DECODE phase for request.",
    VLLM_LABELS,
    VLLM_REQUEST_LATENCY_BUCKETS,
  ),
} as const;

/** Series that metrics persistence stores but no Prometheus view exposes (yet). */
export const PERSISTED_ONLY_METRICS = {
  errorRate: def(
    "fakeai_error_rate",
    "gauge",
    "Share of responses that were errors (status >= 400) over the metrics window, 0..1.",
  ),
  rateLimitDecisionsTotal: def(
    "fakeai_rate_limit_decisions_total",
    "counter",
    "Rate-limit decisions: allowed, throttled_requests, throttled_tokens.",
    ["decision"],
  ),
  abuseEventsTotal: def(
    "fakeai_abuse_events_total",
    "counter",
    "Abuse detection events: violations, bans, blocked.",
    ["event"],
  ),
} as const;

export const ALL_METRICS: readonly MetricDef[] = [
  ...Object.values(FAKEAI_METRICS),
  ...Object.values(VLLM_METRICS),
];
