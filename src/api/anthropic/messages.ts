/**
 * The Anthropic Messages API on the same engine: POST /v1/messages (JSON, or the documented event
 * stream on the shared token clock) and POST /v1/messages/count_tokens. Validation, planning,
 * KV caching, limits, faults, scenarios and metrics are the chat path's; prompt caching is
 * Anthropic's own (cache_control breakpoints, cache_breakpoints.ts) on the engine's prompt cache,
 * and the wire format differs (messages_render.ts, anthropic_errors.ts).
 */
import type { App } from "../../server/app_env.ts";
import { readJsonBodyWithLength } from "../../server/body.ts";
import { errors } from "../../server/errors.ts";
import { setResponseHeader } from "../../server/response_headers.ts";
import { countChatPromptTokens } from "../../engine/prompt_tokens.ts";
import { readyTokenizer, tokenizerFor } from "../../engine/tokenizer.ts";
import { responseFormatTokens } from "../../engine/chat_planner.ts";
import { timeSlicer } from "../../util/cooperative.ts";
import type { ApiDeps } from "../deps.ts";
import { parseRequest } from "../validation.ts";
import { chatGuards } from "../openai/generation_guards.ts";
import { respondWhenDue } from "../openai/nonstream_wait.ts";
import { recordUsage, streamPlan, writerRenderer } from "../openai/plan_response.ts";
import { readOverrides } from "../openai/request_overrides.ts";
import { scenarioReply } from "../openai/scenario_reply.ts";
import { MESSAGES_PATH } from "./anthropic_errors.ts";
import { chatMessagesOf, planInputOf, responseFormatOf, toolsOf } from "./messages_input.ts";
import { breakpointsOf, cachePrefixes } from "./cache_breakpoints.ts";
import { checkImages } from "./media_limits.ts";
import { blockTokens, promptBlocks } from "./prompt_blocks.ts";
import { messageBody, MessageEventWriter } from "./messages_render.ts";
import { countTokensRequestSchema, messagesRequestSchema } from "./messages_schema.ts";

export function registerMessages(app: App, deps: ApiDeps): void {
  const { engine, config } = deps;
  for (const path of [MESSAGES_PATH, `${MESSAGES_PATH}/*`]) {
    app.use(path, async (c, next) => {
      if (c.req.header("anthropic-version") === undefined) throw errors.anthropicVersionMissing();
      await next();
      setResponseHeader(c, "request-id", c.get("requestId"));
    });
  }

  app.post(MESSAGES_PATH, async (c) => {
    const { body, length } = await readJsonBodyWithLength(c.req.raw, config.maxRequestSize);
    const req = parseRequest(messagesRequestSchema, body);
    const overrides = readOverrides((name) => c.req.header(name));
    if (!engine.models.admit(req.model)) throw errors.modelNotFound(req.model);
    if (req.thinking?.type === "enabled" && req.thinking.budget_tokens >= req.max_tokens) {
      throw errors.invalidParam(
        "thinking.budget_tokens",
        "`max_tokens` must be greater than `thinking.budget_tokens`.",
      );
    }
    checkImages(req);
    const blocks = promptBlocks(req);
    const breakpoints = breakpointsOf(blocks, req.cache_control);
    const input = planInputOf(req, overrides);
    const guards = chatGuards(config, input, "chat", "max_tokens");
    if (engine.needsPreparing(req.model, length)) {
      await engine.prepareChat(req.model, length, input.messages, c.req.raw.signal);
    }
    const cacheBreakpoints = breakpoints.length > 0
      ? await cachePrefixes(
        req.model,
        blocks,
        blockTokens(tokenizerFor(req.model), req, blocks.length),
        breakpoints,
        timeSlicer(c.req.raw.signal),
      )
      : [];
    const scripted = deps.scenarios || deps.recorder
      ? await scenarioReply(
        deps,
        c,
        () => ({
          endpoint: MESSAGES_PATH,
          model: req.model,
          messages: input.messages,
          tools: input.tools.map((tool) => tool.name),
        }),
        input.overrides,
        { body, stream: req.stream === true },
      )
      : null;
    if (scripted instanceof Response) return scripted;
    const plan = engine.planChat(
      { ...input, ...guards, ...scripted, cacheBreakpoints },
      MESSAGES_PATH,
    );
    recordUsage(c, plan, req.stream === true);
    const messageId = engine.ids.next("msg_", 24);
    if (!req.stream) {
      return respondWhenDue(c, deps, plan, () => c.json(messageBody(plan, messageId)));
    }
    const writer = new MessageEventWriter(plan, messageId);
    return streamPlan(c, deps, plan, writerRenderer(writer));
  });

  app.post(`${MESSAGES_PATH}/count_tokens`, async (c) => {
    const { body } = await readJsonBodyWithLength(c.req.raw, config.maxRequestSize);
    const req = parseRequest(countTokensRequestSchema, body);
    if (!engine.models.admit(req.model)) throw errors.modelNotFound(req.model);
    checkImages(req);
    breakpointsOf(promptBlocks(req), req.cache_control);
    const tokenizer = await readyTokenizer(req.model);
    const input = countChatPromptTokens(tokenizer, chatMessagesOf(req), toolsOf(req)) +
      responseFormatTokens(tokenizer, responseFormatOf(req));
    return c.json({ input_tokens: input });
  });
}
