/**
 * Feeds one generation's real timing into the metrics: queueing (engine mode), first token,
 * token gaps and the end. Streams report what was written to the client; non-streamed requests
 * report the engine's schedule (planned in fixed mode, simulated batching in engine mode).
 */
import type { CompletionPlan } from "../../engine/plan.ts";
import type { MetricsRegistry } from "../../metrics/registry.ts";

export interface GenerationObserverDeps {
  metrics: MetricsRegistry | null;
  plan: CompletionPlan;
  /** When the request arrived (engine clock, ms). */
  arrivedAt: number;
  streamed: boolean;
  /** Engine mode: the request waits in a batching queue before it starts. */
  queued: boolean;
}

export class GenerationObserver {
  private readonly metrics: MetricsRegistry | null;
  private readonly plan: CompletionPlan;
  private readonly arrivedAt: number;
  private readonly streamed: boolean;
  #firstAt = -1;
  #lastAt = -1;
  #steps = 0;
  #queueSeconds = 0;
  #started = false;
  readonly #gaps: number[] = [];

  constructor(deps: GenerationObserverDeps) {
    const { metrics, plan, streamed } = deps;
    this.metrics = metrics;
    this.plan = plan;
    this.arrivedAt = deps.arrivedAt;
    this.streamed = streamed;
    if (!metrics) return;
    if (streamed) metrics.streamStarted();
    if (deps.queued) metrics.requestQueued(plan.model);
    else this.#start();
  }

  /** Engine mode: the request left the queue after `queuedMs`. */
  dequeued(queuedMs: number): void {
    this.#queueSeconds = queuedMs / 1000;
    this.metrics?.requestDequeued(this.plan.model);
    this.#start();
  }

  /**
   * Steps `from` .. `to - 1` were written together at `now`: the first of them ends a gap, the
   * others follow it with a gap of 0 (recorded at once, not one call per token).
   */
  steps(from: number, to: number, now: number): void {
    if (from >= to) return;
    this.step(from, now);
    const more = to - from - 1;
    if (more === 0) return;
    this.#steps += more;
    if (this.streamed) this.metrics?.streamTokens(this.plan.model, 0, more, now);
    else for (let i = 0; i < more; i++) this.#gaps.push(0);
  }

  step(step: number, now: number): void {
    this.#steps++;
    const m = this.metrics;
    if (step === 0) {
      this.#firstAt = now;
      if (this.streamed) m?.streamFirstToken(this.plan.model, (now - this.arrivedAt) / 1000);
    } else {
      const gap = (now - this.#lastAt) / 1000;
      if (this.streamed) m?.streamToken(this.plan.model, gap, now);
      else this.#gaps.push(gap);
    }
    this.#lastAt = now;
  }

  /** Fixed mode, non-streamed: the planned schedule stands in for the steps. */
  plannedSteps(): void {
    const offsets = this.plan.stepOffsetsMs;
    for (let i = 0; i < offsets.length; i++) this.step(i, this.arrivedAt + offsets.at(i));
  }

  finish(outcome: "completed" | "aborted", now: number): void {
    const m = this.metrics;
    if (!m) return;
    if (!this.#started) m.requestDequeued(this.plan.model);
    const completed = outcome === "completed";
    const tokens = completed
      ? this.plan.usage.completionTokens
      : this.#steps * this.plan.choices.length;
    if (this.streamed) {
      const generationSeconds = (now - this.#firstAt) / 1000;
      m.streamEnded(
        completed ? "completed" : "failed",
        completed && this.#firstAt >= 0 && generationSeconds > 0
          ? tokens / generationSeconds
          : null,
      );
    }
    if (!this.#started) return;
    m.generationFinished({
      model: this.plan.model,
      promptTokens: this.plan.usage.promptTokens,
      completionTokens: tokens,
      finishReason: completed ? this.plan.choices[0]?.finishReason ?? "stop" : "abort",
      ttftSeconds: ((this.#firstAt >= 0 ? this.#firstAt : now) - this.arrivedAt) / 1000,
      e2eSeconds: (now - this.arrivedAt) / 1000,
      queueSeconds: this.#queueSeconds,
      itlSeconds: this.streamed ? undefined : this.#gaps,
    });
  }

  #start(): void {
    this.#started = true;
    this.metrics?.generationStarted(this.plan.model);
  }
}
