/** The registry as Prometheus families: FakeAI's own names and the vLLM-compatible ones. */
import type { LabeledCounter, LabeledHistogram } from "./labeled.ts";
import { FAKEAI_METRICS as F, type MetricDef, VLLM_METRICS as V } from "./metric_definitions.ts";
import { type Family, histogramSamples, type Sample } from "./prometheus_text.ts";
import type { MetricsRegistry } from "./registry.ts";

export function fakeaiFamilies(r: MetricsRegistry): Family[] {
  const now = r.clock.now();
  const perEndpoint = [...r.latencyByEndpoint].map(([endpoint, w]) =>
    [endpoint, w.stats(now)] as const
  );
  const ttft = r.ttftWindow.stats(now);
  const kv = r.kvCache();
  return [
    {
      def: F.requestsPerSecond,
      samples: perEndpoint.map(([endpoint, s]) => ({ labels: { endpoint }, value: round(s.rate) })),
    },
    {
      def: F.latencySeconds,
      samples: perEndpoint.flatMap(([endpoint, s]) =>
        summarySamples({ endpoint }, s.p50, s.p90, s.p99, s.sum, s.count)
      ),
    },
    {
      def: F.ttftSeconds,
      samples: summarySamples({}, ttft.p50, ttft.p90, ttft.p99, ttft.sum, ttft.count),
    },
    { def: F.kvCacheHitRate, samples: [{ labels: {}, value: kv.hitRate }] },
    counterFamily(F.errorsTotal, r.errors),
    counterFamily(F.requestsTotal, r.requests),
    histogramFamily(F.requestDuration, r.requestDuration),
    histogramFamily(F.timeToFirstToken, r.streamTtft),
    histogramFamily(F.interTokenLatency, r.streamItl),
    counterFamily(F.tokensTotal, r.tokens),
    { def: F.streamsActive, samples: [{ labels: {}, value: r.activeStreams }] },
    counterFamily(F.streamsTotal, r.streams),
    {
      def: F.tokensPerSecond,
      samples: [{ labels: {}, value: round(r.tokensWindow.stats(now).sumRate) }],
    },
    histogramFamily(F.tokenLateness, r.tokenLateness),
    { def: F.rateLimitBackendErrors, samples: [{ labels: {}, value: r.rateLimitBackendErrors }] },
  ];
}

export function vllmFamilies(r: MetricsRegistry): Family[] {
  const models = r.modelLabels;
  const perModel = (value: (model: string) => number): Sample[] =>
    models.map((model) => ({ labels: { model_name: model, engine: "0" }, value: value(model) }));
  const kv = r.kvCache();
  const tokens = (kind: string) => (model: string) => r.tokens.get([model, kind]);
  return [
    { def: V.numRequestsRunning, samples: perModel((m) => r.running.get(m) ?? 0) },
    { def: V.numRequestsWaiting, samples: perModel((m) => r.waiting.get(m) ?? 0) },
    { def: V.kvCacheUsagePerc, samples: perModel(() => kv.usage) },
    { def: V.prefixCacheQueries, samples: perModel((m) => r.prefixQueries.get([m])) },
    { def: V.prefixCacheHits, samples: perModel((m) => r.prefixHits.get([m])) },
    { def: V.promptTokens, samples: perModel(tokens("prompt")) },
    { def: V.generationTokens, samples: perModel(tokens("completion")) },
    {
      def: V.requestSuccess,
      samples: r.finished.entries().map(([[model, reason], value]) => ({
        labels: { model_name: model, engine: "0", finished_reason: reason },
        value,
      })),
    },
    histogramFamily(V.requestPromptTokens, r.vllmPromptTokens),
    histogramFamily(V.requestGenerationTokens, r.vllmGenerationTokens),
    histogramFamily(V.timeToFirstToken, r.vllmTtft),
    histogramFamily(V.interTokenLatency, r.vllmItl),
    histogramFamily(V.timePerOutputToken, r.vllmItl),
    histogramFamily(V.requestTimePerOutputToken, r.vllmTpot),
    histogramFamily(V.e2eRequestLatency, r.vllmE2e),
    histogramFamily(V.requestQueueTime, r.vllmQueue),
    histogramFamily(V.requestPrefillTime, r.vllmPrefill),
    histogramFamily(V.requestDecodeTime, r.vllmDecode),
  ];
}

function counterFamily(def: MetricDef, counter: LabeledCounter): Family {
  return {
    def,
    samples: counter.entries().map(([values, value]) => ({
      labels: zip(def.labels, values),
      value,
    })),
  };
}

function histogramFamily(def: MetricDef, histogram: LabeledHistogram): Family {
  return {
    def,
    samples: histogram.entries().flatMap(([values, data]) =>
      histogramSamples(histogram.bounds, data.counts, data.sum, data.count, zip(def.labels, values))
    ),
  };
}

function summarySamples(
  labels: Record<string, string>,
  p50: number,
  p90: number,
  p99: number,
  sum: number,
  count: number,
): Sample[] {
  return [
    { labels: { ...labels, quantile: "0.5" }, value: round(p50) },
    { labels: { ...labels, quantile: "0.9" }, value: round(p90) },
    { labels: { ...labels, quantile: "0.99" }, value: round(p99) },
    { suffix: "_sum", labels, value: round(sum) },
    { suffix: "_count", labels, value: count },
  ];
}

function zip(names: readonly string[], values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  names.forEach((name, i) => (out[name] = values[i] ?? ""));
  return out;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
