/** POST /v1/embeddings: validate → count tokens → hashed n-gram vectors → float or base64. */
import { z } from "zod";
import type { ApiDeps } from "../deps.ts";
import { EmbeddingModels } from "../../modalities/embeddings/embedding_models.ts";
import {
  embeddingSeed,
  embedText,
  reduceDimensions,
} from "../../modalities/embeddings/embedding_vector.ts";
import { readyTokenizer } from "../../engine/tokenizer.ts";
import { readJsonBody } from "../../server/body.ts";
import type { App } from "../../server/app_env.ts";
import { errors } from "../../server/errors.ts";
import { parseRequest } from "../validation.ts";
import { checkTokenLimits, parseEmbeddingInput } from "./embeddings_input.ts";
import { encodeEmbedding } from "./embeddings_render.ts";

const embeddingsRequestSchema = z.object({
  model: z.string().min(1),
  encoding_format: z.enum(["float", "base64"]).nullish(),
  dimensions: z.number().int().min(1).nullish(),
  user: z.string().optional(),
});

export function registerEmbeddings(app: App, deps: ApiDeps): void {
  const { config, engine } = deps;
  const models = new EmbeddingModels(config.embeddingDimensions, config.embeddingDefaultDimensions);
  app.post("/v1/embeddings", async (c) => {
    const body = await readJsonBody(c.req.raw, config.maxRequestSize);
    const req = parseRequest(embeddingsRequestSchema, body);
    const tokenizer = await readyTokenizer(req.model);
    const items = parseEmbeddingInput(body.input, tokenizer);
    if (!engine.models.admit(req.model)) throw errors.modelNotFound(req.model);
    const info = models.info(req.model);
    const dims = outputDimensions(req.dimensions, "dimensions" in body, info);
    checkTokenLimits(items, info.maxInputTokens);

    const seed = embeddingSeed(config.seed, req.model);
    const format = req.encoding_format ?? "float";
    let promptTokens = 0;
    const data = items.map((item, index) => {
      promptTokens += item.tokens;
      const vector = reduceDimensions(embedText(item.text, info.nativeDims, seed), dims);
      return { object: "embedding", index, embedding: encodeEmbedding(vector, format) };
    });
    c.set("access", { model: req.model, prompt_tokens: promptTokens, completion_tokens: 0 });
    return c.json({
      object: "list",
      data,
      model: req.model,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    });
  });
}

function outputDimensions(
  requested: number | null | undefined,
  given: boolean,
  info: { nativeDims: number; supportsDimensions: boolean },
): number {
  if (given && !info.supportsDimensions) {
    throw errors.dimensionsNotSupported();
  }
  if (requested === null || requested === undefined) return info.nativeDims;
  if (requested > info.nativeDims) {
    throw errors.invalidParam(
      "dimensions",
      `Invalid 'dimensions': integer above maximum value. Expected a value <= ${info.nativeDims}, ` +
        `but got ${requested} instead.`,
      "integer_above_max_value",
    );
  }
  return requested;
}
