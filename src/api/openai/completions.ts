/** POST /v1/completions (legacy): prompts as text or token ids, echo, best_of, legacy logprobs. */
import { lengthControls, stopSequences } from "./generation_controls.ts";
import type { CompletionPlan } from "../../engine/plan.ts";
import { promptTexts } from "../../engine/text_planner.ts";
import { decodeClientTokens } from "../../engine/token_ids.ts";
import { readyTokenizer } from "../../engine/tokenizer.ts";
import type { App } from "../../server/app_env.ts";
import { readJsonBodyWithLength } from "../../server/body.ts";
import { errors } from "../../server/errors.ts";
import type { ApiDeps } from "../deps.ts";
import { parseRequest } from "../validation.ts";
import {
  completionBody,
  CompletionChunkWriter,
  completionStepRenderer,
  type LegacyOptions,
} from "./completions_render.ts";
import { completionGuards } from "./generation_guards.ts";
import { type CompletionRequest, completionRequestSchema } from "./completions_schema.ts";
import { respondWhenDue } from "./nonstream_wait.ts";
import { recordUsage, streamPlan } from "./plan_response.ts";
import { readOverrides, type RequestOverrides } from "./request_overrides.ts";
import { scenarioReply } from "./scenario_reply.ts";

export function registerCompletions(app: App, deps: ApiDeps): void {
  const { engine, config } = deps;
  app.post("/v1/completions", async (c) => {
    const { body, length } = await readJsonBodyWithLength(c.req.raw, config.maxRequestSize);
    const req = parseRequest(completionRequestSchema, body);
    const overrides = readOverrides((name) => c.req.header(name));
    checkSemantics(req);
    if (!engine.models.admit(req.model)) throw errors.modelNotFound(req.model);
    const prompts = normalisePrompts(req.prompt);
    const tokenizer = await readyTokenizer(req.model);
    for (const prompt of prompts) {
      if (typeof prompt !== "string" && decodeClientTokens(tokenizer, prompt) === null) {
        throw errors.invalidParam(
          "prompt",
          "Invalid 'prompt': it contains token ids outside the model's vocabulary.",
        );
      }
    }
    const n = req.n ?? 1;
    const bestOf = req.best_of ?? n;
    const input = toInput(req, prompts, bestOf, overrides);
    const guards = completionGuards(config, input);
    const textPrompts = () => prompts.filter((p): p is string => typeof p === "string");
    if (engine.needsPreparing(req.model, length)) {
      await engine.prepareLongTexts(req.model, length, textPrompts, c.req.raw.signal);
    }
    // Scenarios and record mode are asked first (an await only when either is configured).
    const scripted = deps.scenarios || deps.recorder
      ? await scenarioReply(
        deps,
        c,
        () => ({
          endpoint: "/v1/completions",
          model: req.model,
          messages: prompts.map((prompt) => ({
            role: "user",
            content: typeof prompt === "string" ? prompt : promptTexts(req.model, [prompt])[0],
          })),
          tools: [],
        }),
        input.overrides,
        {
          body,
          stream: req.stream === true,
        },
      )
      : null;
    if (scripted instanceof Response) return scripted;
    const generated = engine.planText({ ...input, ...guards, ...scripted });
    const plan = bestOf === n ? generated : keepFirst(generated, bestOf, n);
    recordUsage(c, plan, req.stream === true);

    const options: LegacyOptions = {
      echo: promptEcho(req.echo ? promptTexts(req.model, prompts) : null, n),
      topLogprobs: req.logprobs ?? 0,
    };
    if (!req.stream) {
      return respondWhenDue(c, deps, plan, () => c.json(completionBody(plan, options)));
    }
    const writer = new CompletionChunkWriter(
      plan,
      req.stream_options?.include_usage === true,
      options,
    );
    return streamPlan(c, deps, plan, completionStepRenderer(plan, writer));
  });
}

/**
 * The prompt each choice echoes (n choices per prompt). Made apart from the route, so a stream
 * does not keep the route's scope (and with it the request) alive.
 */
function promptEcho(texts: string[] | null, n: number): LegacyOptions["echo"] {
  return (choice) => (texts ? texts[Math.floor(choice.index / n)] : null);
}

function checkSemantics(req: CompletionRequest): void {
  if (req.prompt === undefined || req.prompt === null) throw errors.missingParam("prompt");
  if (req.stream_options && !req.stream) {
    throw errors.invalidParam(
      "stream_options",
      "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
    );
  }
  const n = req.n ?? 1;
  if (req.best_of != null && req.best_of < n) {
    throw errors.invalidParam("best_of", "best_of must be greater than or equal to n.");
  }
  if (req.stream && req.best_of != null && req.best_of !== n) {
    throw errors.invalidParam("best_of", "Cannot stream results when best_of is greater than n.");
  }
}

function normalisePrompts(prompt: CompletionRequest["prompt"]): Array<string | number[]> {
  if (typeof prompt === "string") return [prompt];
  if (!prompt || prompt.length === 0) return [""];
  if (typeof prompt[0] === "number") return [prompt as number[]];
  return prompt as Array<string | number[]>;
}

function toInput(
  req: CompletionRequest,
  prompts: Array<string | number[]>,
  n: number,
  overrides: RequestOverrides,
) {
  return {
    model: req.model,
    prompts,
    responseFormat: { type: "text" } as const,
    n,
    maxTokens: req.max_tokens ?? 16,
    ...lengthControls(req),
    stop: stopSequences(req.stop),
    seed: req.seed ?? null,
    logprobs: req.logprobs != null,
    topLogprobs: req.logprobs ?? 0,
    // Legacy completions never emit reasoning text, whatever the model.
    reasoningEffort: "none" as const,
    overrides,
  };
}

/** best_of: keep the first n of every bestOf choices per prompt; usage still counts them all. */
function keepFirst(plan: CompletionPlan, bestOf: number, n: number): CompletionPlan {
  const choices = plan.choices
    .filter((choice) => choice.index % bestOf < n)
    .map((choice) => ({
      ...choice,
      index: Math.floor(choice.index / bestOf) * n + (choice.index % bestOf),
    }));
  return { ...plan, choices };
}
