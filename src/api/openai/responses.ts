/**
 * The Responses API: POST /v1/responses (stored by default; previous_response_id continues a
 * conversation), GET/DELETE /v1/responses/{id}, GET /v1/responses/{id}/input_items.
 */
import type { CompletionPlan } from "../../engine/plan.ts";
import type { ChatMessageLike } from "../../engine/prompt_tokens.ts";
import type { App } from "../../server/app_env.ts";
import { readJsonBodyWithLength } from "../../server/body.ts";
import { errors } from "../../server/errors.ts";
import type { ApiDeps } from "../deps.ts";
import { listPage, parseListQuery } from "../list_page.ts";
import { parseRequest } from "../validation.ts";
import { chatGuards } from "./generation_guards.ts";
import { respondWhenDue } from "./nonstream_wait.ts";
import { recordUsage, streamPlan, writerRenderer } from "./plan_response.ts";
import { readOverrides } from "./request_overrides.ts";
import { scenarioReply } from "./scenario_reply.ts";
import { responsePlanInput } from "./responses_checks.ts";
import { convertInput } from "./responses_input.ts";
import { finalStatus, outputIds, outputItems, responseObject } from "./responses_render.ts";
import { responseRequestSchema } from "./responses_schema.ts";
import { ResponseEventWriter } from "./responses_stream.ts";

export function registerResponses(app: App, deps: ApiDeps): void {
  const { engine, config } = deps;
  const newId = (prefix: string) => engine.ids.next(prefix, 40);

  app.post("/v1/responses", async (c) => {
    const { body, length } = await readJsonBodyWithLength(c.req.raw, config.maxRequestSize);
    const req = parseRequest(responseRequestSchema, body);
    const overrides = readOverrides((name) => c.req.header(name));
    if (!engine.models.admit(req.model)) throw errors.modelNotFound(req.model);
    const previous = req.previous_response_id
      ? await engine.responses.get(req.previous_response_id)
      : undefined;
    if (req.previous_response_id && !previous) {
      throw errors.previousResponseNotFound(req.previous_response_id);
    }
    const input = convertInput(req.input, newId);
    const history = [...(previous?.conversation ?? []), ...input.messages];
    if (history.length === 0 && !req.instructions) throw errors.missingParam("input");
    const instructions: ChatMessageLike[] = req.instructions
      ? [{ role: "developer", content: req.instructions }]
      : [];
    const planInput = responsePlanInput(req, [...instructions, ...history], overrides);
    const guards = chatGuards(config, planInput, "responses");
    if (engine.needsPreparing(req.model, length)) {
      await engine.prepareChat(req.model, length, planInput.messages, c.req.raw.signal);
    }
    // Scenarios and record mode are asked first (an await only when either is configured).
    const scripted = deps.scenarios || deps.recorder
      ? await scenarioReply(
        deps,
        c,
        () => ({
          endpoint: "/v1/responses",
          model: req.model,
          messages: planInput.messages,
          tools: planInput.tools.map((tool) => tool.name),
        }),
        planInput.overrides,
        {
          body,
          stream: req.stream === true,
        },
      )
      : null;
    if (scripted instanceof Response) return scripted;
    const plan = engine.planResponse({ ...planInput, ...guards, ...scripted });
    const ids = outputIds(plan.choices[0], newId);
    const output = outputItems(plan.choices[0], ids);
    const response = responseObject(plan, req, { status: finalStatus(plan), output });
    if (req.store !== false) {
      await engine.responses.put(plan.id, {
        response,
        inputItems: input.items,
        conversation: [...history, ...assistantTurn(plan)],
      });
    }
    recordUsage(c, plan, req.stream === true);
    if (!req.stream) {
      return respondWhenDue(c, deps, plan, () => c.json(response));
    }
    const writer = new ResponseEventWriter(plan, req, ids);
    return streamPlan(c, deps, plan, writerRenderer(writer));
  });

  app.get("/v1/responses/:id/input_items", async (c) => {
    const stored = await engine.responses.get(c.req.param("id"));
    if (!stored) throw errors.responseNotFound(c.req.param("id"));
    // The shared list paging: strict integer limits, and an unknown `after` is a 400 (restarting
    // from the top would loop a paginating client forever).
    const query = parseListQuery((name) => c.req.query(name), {
      defaultLimit: 20,
      maxLimit: 100,
      defaultOrder: "desc",
    });
    const items = query.order === "asc" ? stored.inputItems : [...stored.inputItems].reverse();
    return c.json(listPage(items, query, (item) => item));
  });

  app.get("/v1/responses/:id", async (c) => {
    const stored = await engine.responses.get(c.req.param("id"));
    if (!stored) throw errors.responseNotFound(c.req.param("id"));
    return c.json(stored.response);
  });

  app.delete("/v1/responses/:id", async (c) => {
    const id = c.req.param("id");
    if (!(await engine.responses.delete(id))) throw errors.responseNotFound(id);
    return c.json({ id, object: "response", deleted: true });
  });
}

/** This response's output as chat messages, for the next turn's conversation. */
function assistantTurn(plan: CompletionPlan): ChatMessageLike[] {
  const choice = plan.choices[0];
  if (!choice) return [];
  if (choice.toolCalls.length > 0) {
    return [{
      role: "assistant",
      content: null,
      tool_calls: choice.toolCalls.map((call) => ({
        id: call.id,
        type: "function",
        function: { name: call.name, arguments: call.arguments },
      })),
    }];
  }
  if (choice.refusal !== null) {
    return [{
      role: "assistant",
      content: [{ type: "refusal", refusal: choice.refusal.join("") }],
    }];
  }
  return [{ role: "assistant", content: (choice.content ?? []).join("") }];
}
