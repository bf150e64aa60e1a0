/**
 * Messages plans of every block layout (text; thinking then text; a tool call, whole or cut, after
 * thinking or not; a stop sequence; a one-token reply), and each one's events per step, as
 * MessageEventWriter writes them.
 */
import { MessageEventWriter } from "../../src/api/anthropic/messages_render.ts";
import { planInputOf } from "../../src/api/anthropic/messages_input.ts";
import {
  type MessagesRequest,
  messagesRequestSchema,
} from "../../src/api/anthropic/messages_schema.ts";
import { testEngine } from "./plan_inputs.ts";
import { WEATHER_TOOL } from "./anthropic_tools.ts";

const ask = (text: string) => [{ role: "user", content: text }];

export const MESSAGE_STEP_CASES: Record<string, Record<string, unknown>> = {
  text: { max_tokens: 24, messages: ask("Tell me about rivers.") },
  one_token: { max_tokens: 1, messages: ask("hi") },
  thinking: {
    max_tokens: 1100,
    thinking: { type: "enabled", budget_tokens: 1024 },
    messages: ask("Think about queues."),
  },
  tool_call: {
    max_tokens: 200,
    tools: [WEATHER_TOOL],
    tool_choice: { type: "any" },
    messages: ask("Weather in Paris?"),
  },
  tool_call_cut: {
    max_tokens: 6,
    tools: [WEATHER_TOOL],
    tool_choice: { type: "any" },
    messages: ask("Weather in Paris?"),
  },
  thinking_tool_call: {
    max_tokens: 1100,
    thinking: { type: "enabled", budget_tokens: 1024 },
    tools: [WEATHER_TOOL],
    tool_choice: { type: "auto" },
    messages: ask("Weather in Paris?"),
  },
  stop_sequence: {
    max_tokens: 200,
    stop_sequences: [".", ","],
    messages: ask("Write a few sentences about ships."),
  },
};

/** Every step's text, then the closing text, of one case's stream. */
export function messageSteps(body: Record<string, unknown>): string[] {
  const req: MessagesRequest = messagesRequestSchema.parse({ model: "claude-sonnet-4-5", ...body });
  const plan = testEngine().planChat(planInputOf(req, {}), "/v1/messages");
  const writer = new MessageEventWriter(plan, "msg_0123");
  const steps = Array.from({ length: plan.steps }, (_, step) => writer.render(step));
  return [...steps, writer.closing()];
}
