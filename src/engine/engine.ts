/** The simulated inference engine: settings, the shared token clock, models, and planning. */
import type { Config } from "../config/schema.ts";
import type { Clock } from "../util/clock.ts";
import type { IdGenerator } from "../util/ids.ts";
import { type ChatPlanInput, planChat, type PlanContext } from "./chat_planner.ts";
import { planText, type TextPlanInput } from "./text_planner.ts";
import { type EngineSettings, engineSettings } from "./engine_settings.ts";
import { ModelRegistry } from "./model_registry.ts";
import { ResponseStore } from "./response_store.ts";
import type { CompletionPlan } from "./plan.ts";
import { TokenClock } from "./token_clock.ts";

export class Engine {
  readonly settings: EngineSettings;
  readonly tokenClock: TokenClock;
  readonly models: ModelRegistry;
  readonly responses: ResponseStore;
  #ordinal = 0;

  constructor(config: Config, readonly clock: Clock, readonly ids: IdGenerator) {
    this.settings = engineSettings(config);
    this.tokenClock = new TokenClock(clock);
    this.responses = new ResponseStore(config.responsesMaxStored);
    this.models = new ModelRegistry(
      config.models,
      Math.floor(clock.wallNow() / 1000),
      config.strictModels,
    );
  }

  planChat(input: ChatPlanInput): CompletionPlan {
    return planChat(input, this.settings, this.#context("chatcmpl-", 29));
  }

  /** A Responses API turn: planned like chat, with a resp_ id. */
  planResponse(input: ChatPlanInput): CompletionPlan {
    return planChat(input, this.settings, this.#context("resp_", 48));
  }

  planText(input: TextPlanInput): CompletionPlan {
    return planText(input, this.settings, this.#context("cmpl-", 29));
  }

  /** A plan context for a new response id with this prefix. */
  #context(prefix: string, length: number): PlanContext {
    return {
      id: this.ids.next(prefix, length),
      createdSeconds: Math.floor(this.clock.wallNow() / 1000),
      requestOrdinal: this.#ordinal++,
      newToolCallId: () => this.ids.next("call_", 24),
    };
  }
}
