/** POST /v1/chat/completions: validate → plan → JSON after the delay, or SSE on the token clock. */
import type { App } from "../../server/app_env.ts";
import { readJsonBodyWithLength } from "../../server/body.ts";
import { errors } from "../../server/errors.ts";
import type { ApiDeps } from "../deps.ts";
import { parseRequest } from "../validation.ts";
import { toPlanInput } from "./chat_checks.ts";
import { chatGuards } from "./generation_guards.ts";
import { chatCompletionBody, chatStepRenderer } from "./chat_render.ts";
import { chatRequestSchema } from "./chat_schema.ts";
import { respondWhenDue } from "./nonstream_wait.ts";
import { recordUsage, streamPlan } from "./plan_response.ts";
import { readOverrides } from "./request_overrides.ts";
import { scenarioReply } from "./scenario_reply.ts";

export function registerChat(app: App, deps: ApiDeps): void {
  const { engine, config } = deps;
  app.post("/v1/chat/completions", async (c) => {
    const { body, length } = await readJsonBodyWithLength(c.req.raw, config.maxRequestSize);
    const req = parseRequest(chatRequestSchema, body);
    const overrides = readOverrides((name) => c.req.header(name));
    if (!engine.models.admit(req.model)) throw errors.modelNotFound(req.model);
    const input = toPlanInput(req, overrides);
    const param = req.max_completion_tokens != null ? "max_completion_tokens" : "max_tokens";
    const guards = chatGuards(config, input, "chat", param);
    if (engine.needsPreparing(req.model, length)) {
      await engine.prepareChat(req.model, length, input.messages, c.req.raw.signal);
    }
    // Scenarios and record mode are asked first (an await only when either is configured).
    const scripted = deps.scenarios || deps.recorder
      ? await scenarioReply(
        deps,
        c,
        () => ({
          endpoint: "/v1/chat/completions",
          model: req.model,
          messages: input.messages,
          tools: input.tools.map((tool) => tool.name),
        }),
        input.overrides,
        {
          body,
          stream: req.stream === true,
        },
      )
      : null;
    if (scripted instanceof Response) return scripted;
    const plan = engine.planChat({ ...input, ...guards, ...scripted });
    recordUsage(c, plan, req.stream === true);

    if (!req.stream) {
      return respondWhenDue(c, deps, plan, () => c.json(chatCompletionBody(plan)));
    }
    const includeUsage = req.stream_options?.include_usage === true;
    return streamPlan(c, deps, plan, chatStepRenderer(plan, includeUsage));
  });
}
