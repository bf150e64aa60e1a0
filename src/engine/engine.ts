/** The simulated inference engine: settings, the shared token clock, models, and planning. */
import type { Config } from "../config/schema.ts";
import type { Clock } from "../util/clock.ts";
import type { IdGenerator } from "../util/ids.ts";
import { type ChatPlanInput, planChat } from "./chat_planner.ts";
import { type EngineSettings, engineSettings } from "./engine_settings.ts";
import { ModelRegistry } from "./model_registry.ts";
import type { CompletionPlan } from "./plan.ts";
import { TokenClock } from "./token_clock.ts";

export class Engine {
  readonly settings: EngineSettings;
  readonly tokenClock: TokenClock;
  readonly models: ModelRegistry;
  #ordinal = 0;

  constructor(config: Config, readonly clock: Clock, readonly ids: IdGenerator) {
    this.settings = engineSettings(config);
    this.tokenClock = new TokenClock(clock);
    this.models = new ModelRegistry(
      config.models,
      Math.floor(clock.wallNow() / 1000),
      config.strictModels,
    );
  }

  planChat(input: ChatPlanInput): CompletionPlan {
    return planChat(input, this.settings, {
      id: this.ids.next("chatcmpl-", 29),
      createdSeconds: Math.floor(this.clock.wallNow() / 1000),
      requestOrdinal: this.#ordinal++,
      newToolCallId: () => this.ids.next("call_", 24),
    });
  }
}
