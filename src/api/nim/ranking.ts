/**
 * POST /v1/ranking (NVIDIA NIM reranker): {model, query:{text}, passages:[{text}], truncate}
 * → {rankings:[{index, logit}], usage}. A query + passage pair longer than the model's limit
 * is a 400 with truncate "NONE" (NIM's default); "END" cuts the passage from the right, then
 * the query. Errors use the OpenAI envelope like every other FakeAI route.
 */
import { z } from "zod";
import type { ApiDeps } from "../deps.ts";
import { maxPairTokens, rankPairs } from "../../modalities/ranking/reranker.ts";
import { decodeClientTokens } from "../../engine/token_ids.ts";
import { readyTokenizer, type Tokenizer } from "../../engine/tokenizer.ts";
import { readJsonBody } from "../../server/body.ts";
import type { App } from "../../server/app_env.ts";
import { type ApiError, errors } from "../../server/errors.ts";
import { deriveSeed } from "../../util/prng.ts";
import { parseRequest } from "../validation.ts";

const rankingRequestSchema = z.object({
  model: z.string().min(1),
  query: z.object({ text: z.string().min(1) }),
  passages: z.array(z.object({ text: z.string() })).min(1),
  truncate: z.enum(["NONE", "END"]).optional(),
});

export function registerRanking(app: App, deps: ApiDeps): void {
  const { config, engine } = deps;
  app.post("/v1/ranking", async (c) => {
    const body = await readJsonBody(c.req.raw, config.maxRequestSize);
    const req = parseRequest(rankingRequestSchema, body);
    if (!engine.models.admit(req.model)) throw errors.modelNotFound(req.model);
    const tokenizer = await readyTokenizer(req.model);
    const limit = maxPairTokens(req.model);
    const queryIds = tokenizer.encode(req.query.text);
    let promptTokens = 0;
    const pairs = req.passages.map((passage, i) => {
      const passageIds = tokenizer.encode(passage.text);
      const total = queryIds.length + passageIds.length;
      if (total <= limit) {
        promptTokens += total;
        return { query: req.query.text, passage: passage.text };
      }
      if ((req.truncate ?? "NONE") === "NONE") throw tooLong(i, total, limit);
      promptTokens += limit;
      return truncateEnd(tokenizer, queryIds, passageIds, limit);
    });
    const rankings = rankPairs(pairs, deriveSeed("ranking", config.seed, req.model));
    c.set("access", { model: req.model, prompt_tokens: promptTokens, completion_tokens: 0 });
    return c.json({
      rankings,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    });
  });
}

function truncateEnd(
  tokenizer: Tokenizer,
  queryIds: number[],
  passageIds: number[],
  limit: number,
): { query: string; passage: string } {
  const keepQuery = Math.min(queryIds.length, limit);
  const keepPassage = limit - keepQuery;
  return {
    query: decodeClientTokens(tokenizer, queryIds.slice(0, keepQuery)) ?? "",
    passage: decodeClientTokens(tokenizer, passageIds.slice(0, keepPassage)) ?? "",
  };
}

function tooLong(index: number, tokens: number, limit: number): ApiError {
  return errors.invalidParam(
    `passages[${index}].text`,
    `Query and passage ${index} are ${tokens} tokens together, over this model's maximum of ` +
      `${limit}. Shorten the passage or set "truncate": "END".`,
    "context_length_exceeded",
  );
}
