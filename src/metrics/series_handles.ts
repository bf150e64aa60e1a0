/**
 * The series that one model's (or one endpoint's) events update, looked up once and kept, so that
 * recording an event reads fields instead of looking series up by label values. Each series is
 * still created when it is first updated, as a lookup would: the views list series in the order
 * they were created, and a series that was never updated must not appear.
 */
import type {
  CounterSeries,
  HistogramSeries,
  LabeledCounter,
  LabeledHistogram,
} from "./labeled.ts";
import type { WindowedSeries } from "./windowed_series.ts";

/** The registry's labeled metrics that the handles resolve into. */
export interface LabeledMetrics {
  readonly requests: LabeledCounter;
  readonly tokens: LabeledCounter;
  readonly finished: LabeledCounter;
  readonly prefixQueries: LabeledCounter;
  readonly prefixHits: LabeledCounter;
  readonly streamTtft: LabeledHistogram;
  readonly streamItl: LabeledHistogram;
  readonly vllmTtft: LabeledHistogram;
  readonly vllmItl: LabeledHistogram;
  readonly vllmTpot: LabeledHistogram;
  readonly vllmE2e: LabeledHistogram;
  readonly vllmQueue: LabeledHistogram;
  readonly vllmPrefill: LabeledHistogram;
  readonly vllmDecode: LabeledHistogram;
  readonly vllmPromptTokens: LabeledHistogram;
  readonly vllmGenerationTokens: LabeledHistogram;
}

/** What every finished generation updates, so created together at the model's first one. */
export interface GenerationSeries {
  promptTokens: CounterSeries;
  completionTokens: CounterSeries;
  vllmPromptTokens: HistogramSeries;
  vllmGenerationTokens: HistogramSeries;
  vllmTtft: HistogramSeries;
  vllmE2e: HistogramSeries;
  vllmQueue: HistogramSeries;
  vllmPrefill: HistogramSeries;
  vllmDecode: HistogramSeries;
}

export class ModelSeries {
  /** The vLLM label values: model_name and engine. */
  readonly #vllm: readonly string[];
  #generation?: GenerationSeries;
  #vllmTpot?: HistogramSeries;
  #vllmItl?: HistogramSeries;
  #streamTtft?: HistogramSeries;
  #streamItl?: HistogramSeries;
  #prefix?: { queries: CounterSeries; hits: CounterSeries };
  readonly #finished = new Map<string, CounterSeries>();

  constructor(readonly label: string, private readonly m: LabeledMetrics) {
    this.#vllm = [label, "0"];
  }

  get generation(): GenerationSeries {
    const m = this.m;
    const vllm = this.#vllm;
    return this.#generation ??= {
      promptTokens: m.tokens.series([this.label, "prompt"]),
      completionTokens: m.tokens.series([this.label, "completion"]),
      vllmPromptTokens: m.vllmPromptTokens.series(vllm),
      vllmGenerationTokens: m.vllmGenerationTokens.series(vllm),
      vllmTtft: m.vllmTtft.series(vllm),
      vllmE2e: m.vllmE2e.series(vllm),
      vllmQueue: m.vllmQueue.series(vllm),
      vllmPrefill: m.vllmPrefill.series(vllm),
      vllmDecode: m.vllmDecode.series(vllm),
    };
  }

  finished(reason: string): CounterSeries {
    let series = this.#finished.get(reason);
    if (!series) this.#finished.set(reason, series = this.m.finished.series([this.label, reason]));
    return series;
  }

  get vllmTpot(): HistogramSeries {
    return this.#vllmTpot ??= this.m.vllmTpot.series(this.#vllm);
  }

  get vllmItl(): HistogramSeries {
    return this.#vllmItl ??= this.m.vllmItl.series(this.#vllm);
  }

  get streamTtft(): HistogramSeries {
    return this.#streamTtft ??= this.m.streamTtft.series([this.label]);
  }

  get streamItl(): HistogramSeries {
    return this.#streamItl ??= this.m.streamItl.series([this.label]);
  }

  get prefix(): { queries: CounterSeries; hits: CounterSeries } {
    return this.#prefix ??= {
      queries: this.m.prefixQueries.series([this.label]),
      hits: this.m.prefixHits.series([this.label]),
    };
  }
}

export class EndpointSeries {
  /** requests_total series by method, then status, then model label. */
  readonly #requests = new Map<string, Map<number, Map<string, CounterSeries>>>();
  /** Prompt and completion tokens of this endpoint's requests, as their access fields tell. */
  promptTokens = 0;
  completionTokens = 0;

  constructor(
    readonly endpoint: string,
    /** Clock ms when the endpoint was first seen (the earliest, once snapshots are merged). */
    public createdAt: number,
    readonly duration: HistogramSeries,
    readonly window: WindowedSeries,
    private readonly requestsTotal: LabeledCounter,
  ) {}

  requests(method: string, status: number, model: string): CounterSeries {
    let byStatus = this.#requests.get(method);
    if (!byStatus) this.#requests.set(method, byStatus = new Map());
    let byModel = byStatus.get(status);
    if (!byModel) byStatus.set(status, byModel = new Map());
    let series = byModel.get(model);
    if (!series) {
      series = this.requestsTotal.series([this.endpoint, method, String(status), model]);
      byModel.set(model, series);
    }
    return series;
  }
}
