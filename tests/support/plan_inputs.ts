/** A planning engine on a ManualClock and a neutral chat plan input, for engine tests. */
import { type Config, defaultConfig } from "../../src/config/schema.ts";
import type { ChatPlanInput } from "../../src/engine/chat_planner.ts";
import { Engine } from "../../src/engine/engine.ts";
import { ManualClock } from "../../src/util/clock.ts";
import { IdGenerator } from "../../src/util/ids.ts";

export function testEngine(over: Partial<Config> = {}): Engine {
  return new Engine({
    config: { ...defaultConfig(), ...over } as Config,
    clock: new ManualClock(),
    ids: new IdGenerator(1),
  });
}

export function chatInput(over: Partial<ChatPlanInput> = {}): ChatPlanInput {
  return {
    model: "gpt-4o",
    messages: [{ role: "user", content: "Tell me about the weather in Paris today." }],
    tools: [],
    toolChoice: "none",
    parallelToolCalls: true,
    responseFormat: { type: "text" },
    n: 1,
    maxTokens: null,
    minTokens: 0,
    ignoreEos: false,
    stop: [],
    seed: null,
    logprobs: false,
    topLogprobs: 0,
    reasoningEffort: null,
    overrides: {},
    ...over,
  };
}
