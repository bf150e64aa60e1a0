/** The simulated inference engine: settings, the shared token clock, models, and planning. */
import type { Config } from "../config/schema.ts";
import type { Clock } from "../util/clock.ts";
import type { IdGenerator } from "../util/ids.ts";
import { type ChatPlanInput, planChat, type PlanContext } from "./chat_planner.ts";
import { planText, type TextPlanInput } from "./text_planner.ts";
import { type EngineSettings, engineSettings } from "./engine_settings.ts";
import { ModelRegistry } from "./model_registry.ts";
import { type ResponseBook, ResponseStore } from "./response_store.ts";
import type { CompletionPlan } from "./plan.ts";
import { TokenClock } from "./token_clock.ts";
import { KvCache, type KvSharedState } from "./kv/kv_cache.ts";
import {
  LONG_TEXT_CHARS,
  PREPARED_BODY_CHARS,
  REMEMBERED_TEXT_CHARS,
  tokenizerFor,
} from "./tokenizer.ts";
import { timeSlicer } from "../util/cooperative.ts";
import { prepareChatPrompt } from "./prepared_prompts.ts";
import { type ChatMessageLike, promptTextsOf } from "./prompt_tokens.ts";
import { kvCacheSettings } from "./kv/kv_settings.ts";
import { BatchingEngine, engineProfile } from "./batching/batching_engine.ts";

export interface EngineDeps {
  config: Config;
  clock: Clock;
  /** Ids of completions, responses, files, requests... */
  ids: IdGenerator;
  /** The KV cache of another isolate of a multi-worker server (absent: a cache of its own). */
  kv?: KvSharedState;
  /** Stored responses kept by another isolate (absent: this engine keeps its own). */
  responses?: ResponseBook;
}

export class Engine {
  readonly settings: EngineSettings;
  readonly tokenClock: TokenClock;
  readonly models: ModelRegistry;
  readonly responses: ResponseBook;
  readonly kv: KvCache;
  /** Engine latency mode's schedulers; null in fixed mode. */
  readonly batching: BatchingEngine | null;
  readonly #ttftFloor: number;
  readonly #minCacheableTokens: number;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  #ordinal = 0;

  constructor(deps: EngineDeps) {
    const { config, clock } = deps;
    this.clock = clock;
    this.ids = deps.ids;
    this.settings = engineSettings(config);
    this.tokenClock = new TokenClock(clock);
    this.responses = deps.responses ?? new ResponseStore(config.responsesMaxStored);
    this.kv = new KvCache(kvCacheSettings(config), clock, deps.kv);
    this.#ttftFloor = config.kvCacheTtftFloor;
    this.#minCacheableTokens = Math.min(
      config.kvCacheEnabled ? config.kvCacheBlockSize : Infinity,
      config.enablePromptCaching ? Math.max(config.minTokensForCache, 128) : Infinity,
    );
    this.batching = config.latencyMode === "engine"
      ? new BatchingEngine({
        profile: engineProfile(config),
        workers: config.kvCacheNumWorkers,
        maxQueue: config.engineMaxQueue,
        clock,
        tokenClock: this.tokenClock,
      })
      : null;
    this.models = new ModelRegistry(
      config.models,
      Math.floor(clock.wallNow() / 1000),
      config.strictModels,
    );
  }

  /**
   * Whether prepareLongTexts / prepareChat have anything to do for a body of `bodyChars`: the
   * model's encoding is still to load, or the body is large. Most requests skip both awaits (and
   * reading the request's abort signal, which costs a cancel watch of its own).
   */
  needsPreparing(model: string, bodyChars: number): boolean {
    return bodyChars >= PREPARED_BODY_CHARS || !tokenizerFor(model).loaded;
  }

  /**
   * Tokenizes the texts of a prompt before the (synchronous) planner counts them: long ones in
   * slices that yield, the others one after another with a yield whenever a slice is used up.
   * The planner then finds them remembered, and no request holds the event loop for its
   * prompt. Token ids too when the prefix caches will want them. Bodies shorter than
   * PREPARED_BODY_CHARS are tokenized inline by the planner (the hot path): `texts` is not asked.
   * The first request of an encoding family waits here while its tables are built in slices.
   */
  async prepareLongTexts(
    model: string,
    bodyChars: number,
    texts: () => readonly string[],
    signal?: AbortSignal,
  ): Promise<void> {
    const tokenizer = tokenizerFor(model);
    if (!tokenizer.loaded) await tokenizer.load();
    if (bodyChars < PREPARED_BODY_CHARS) return;
    const wantIds = this.#minCacheableTokens < Infinity;
    const slice = timeSlicer(signal);
    for (const text of texts()) {
      if (text.length < REMEMBERED_TEXT_CHARS) continue;
      if (text.length < LONG_TEXT_CHARS) {
        if (wantIds) tokenizer.encode(text);
        else tokenizer.count(text);
      } else if (wantIds) await tokenizer.encodeAsync(text, signal);
      else await tokenizer.countAsync(text, signal);
      await slice();
    }
  }

  /**
   * prepareLongTexts for a chat prompt, then, for a large body, the rest of what planning it costs
   * in proportion to its size (see prepared_prompts.ts).
   */
  async prepareChat(
    model: string,
    bodyChars: number,
    messages: readonly ChatMessageLike[],
    signal?: AbortSignal,
  ): Promise<void> {
    await this.prepareLongTexts(model, bodyChars, () => promptTextsOf(messages), signal);
    if (bodyChars < PREPARED_BODY_CHARS) return;
    const wantIds = this.#minCacheableTokens < Infinity;
    await prepareChatPrompt(tokenizerFor(model), messages, wantIds, timeSlicer(signal));
  }

  planChat(input: ChatPlanInput, endpoint = "/v1/chat/completions"): CompletionPlan {
    return planChat(input, this.settings, this.#context("chatcmpl-", 29, input.model, endpoint));
  }

  /** A Responses API turn: planned like chat, with a resp_ id. */
  planResponse(input: ChatPlanInput): CompletionPlan {
    return planChat(input, this.settings, this.#context("resp_", 48, input.model, "/v1/responses"));
  }

  planText(input: TextPlanInput): CompletionPlan {
    return planText(
      input,
      this.settings,
      this.#context("cmpl-", 29, input.model, "/v1/completions"),
    );
  }

  /** The request behind a plan has ended (sent, streamed or aborted): release its cache holds. */
  finish(plan: CompletionPlan): void {
    for (const lease of plan.cacheLeases) lease.release();
  }

  /** A plan context for a new response id with this prefix. */
  #context(prefix: string, length: number, model: string, endpoint: string): PlanContext {
    const floor = this.#ttftFloor;
    return {
      id: this.ids.next(prefix, length),
      createdSeconds: Math.floor(this.clock.wallNow() / 1000),
      requestOrdinal: this.#ordinal++,
      newToolCallId: () => this.ids.next("call_", 24),
      minCacheableTokens: this.#minCacheableTokens,
      admitPrompt: (tokenIds, promptTokens, breakpoints) =>
        this.kv.admit(model, tokenIds, promptTokens, endpoint, breakpoints),
      // Prefill is only spent on uncached tokens; the floor stands for the fixed overheads.
      // (Engine mode models prefill itself.)
      ttftFactor: this.batching
        ? undefined
        : (cachedShare) => floor + (1 - floor) * (1 - cachedShare),
    };
  }
}
