/**
 * A generating route asks the scenario rules first: a scripted reply (content, tool calls,
 * refusal, latency) goes into the plan, a scripted error is thrown in the endpoint's envelope,
 * and in strict mode an unmatched request is a 404. Without scenarios this costs one null check.
 */
import type { Context } from "hono";
import type { ScenarioRequest } from "../../engine/scenarios/scenario_book.ts";
import type { ScriptedReplySpec } from "../../engine/scenarios/scenario_rules.ts";
import type { ScriptedReply } from "../../engine/scenarios/scripted_choice.ts";
import type { PlanOverrides } from "../../engine/generation_input.ts";
import type { AppEnv } from "../../server/app_env.ts";
import { errors } from "../../server/errors.ts";
import type { ApiDeps } from "../deps.ts";

export interface Scripted {
  script: ScriptedReply;
  overrides: PlanOverrides;
}

/**
 * The rule's reply for this request; null for generated content; in record mode, for a request no
 * rule matches, the upstream's answer (a Response the route returns as it is).
 */
export async function scenarioReply(
  deps: ApiDeps,
  c: Context<AppEnv>,
  /** What the rules look at (built only when scenarios or recording are configured). */
  request: () => Omit<ScenarioRequest, "header">,
  overrides: PlanOverrides,
  forward: { body: unknown; stream: boolean },
): Promise<Scripted | Response | null> {
  const { scenarios: book, recorder } = deps;
  if (!book && !recorder) return null;
  const facts = request();
  const decision = book
    ? book.decide({ ...facts, header: (name) => c.req.header(name) })
    : { kind: "generated" as const };
  if (decision.kind === "generated") {
    return recorder?.supports(facts.endpoint)
      ? await recorder.forward(c, forward.body, facts, forward.stream)
      : null;
  }
  if (decision.kind === "unmatched") throw errors.scenarioNotMatched(decision.named);
  const { rule, reply } = decision;
  c.set("scenarioRule", rule.name);
  if (reply.error) throw errors.scriptedError(reply.error);
  if (reply.stream_fault !== undefined) c.set("streamFault", reply.stream_fault);
  return {
    script: {
      content: reply.content,
      refusal: reply.refusal,
      reasoning: reply.reasoning,
      finishReason: reply.finish_reason,
      toolCalls: reply.tool_calls?.map((call) => ({
        name: call.name,
        arguments: typeof call.arguments === "string"
          ? call.arguments
          : JSON.stringify(call.arguments),
      })),
    },
    overrides: { ...overrides, ...timingOf(reply, rule.recordedTiming) },
  };
}

/** The reply's latency: its own ttft_ms/itl_ms, or what a recording measured when asked for. */
function timingOf(reply: ScriptedReplySpec, recorded: boolean): PlanOverrides {
  const measured = recorded ? reply.recorded_timing : undefined;
  const ttft = reply.ttft_ms ?? measured?.ttft_ms;
  const itl = reply.itl_ms ?? measured?.itl_ms;
  return {
    ...(ttft !== undefined ? { ttftMs: ttft } : {}),
    ...(itl !== undefined ? { itlMs: itl } : {}),
  };
}
