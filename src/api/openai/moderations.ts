/**
 * POST /v1/moderations: one result per string (a string array gives one each), or one result
 * for a whole multimodal parts array, scored by the lexicon classifier in src/modalities/moderation/moderation.ts.
 */
import { z } from "zod";
import type { ApiDeps } from "../deps.ts";
import { moderateParts } from "../../modalities/moderation/moderation.ts";
import { readJsonBody } from "../../server/body.ts";
import type { App } from "../../server/app_env.ts";
import { errors } from "../../server/errors.ts";
import { parseRequest } from "../validation.ts";

const textPart = z.object({ type: z.literal("text"), text: z.string() });
const imagePart = z.object({
  type: z.literal("image_url"),
  image_url: z.object({ url: z.string() }),
});
const part = z.discriminatedUnion("type", [textPart, imagePart]);

const moderationRequestSchema = z.object({
  input: z.union([z.string(), z.array(z.string()), z.array(part)]),
  model: z.string().min(1).optional(),
});

type Part = z.infer<typeof part>;

export function registerModerations(app: App, deps: ApiDeps): void {
  const { config, engine } = deps;
  app.post("/v1/moderations", async (c) => {
    const body = await readJsonBody(c.req.raw, config.maxRequestSize);
    if (body.input === undefined) throw errors.missingParam("input");
    if (Array.isArray(body.input) && body.input.length === 0) {
      throw errors.invalidParam(
        "input",
        "Invalid 'input': empty array. Expected an array with minimum length 1, but got an empty array instead.",
        "empty_array",
      );
    }
    const req = parseRequest(moderationRequestSchema, body);
    const model = req.model ?? "omni-moderation-latest";
    if (!engine.models.admit(model)) throw errors.modelNotFound(model);

    const threshold = config.moderationThreshold;
    const inputs: Array<{ texts: string[]; images: string[] }> = typeof req.input === "string"
      ? [{ texts: [req.input], images: [] }]
      : isPartList(req.input)
      ? [splitParts(req.input)]
      : req.input.map((text) => ({ texts: [text], images: [] }));
    const results = inputs.map(({ texts, images }) => {
      const { flagged, categories, category_scores, applied } = moderateParts(
        texts,
        images,
        threshold,
      );
      return { flagged, categories, category_scores, category_applied_input_types: applied };
    });
    c.set("access", { model });
    return c.json({ id: engine.ids.next("modr-", 29), model, results });
  });
}

function isPartList(input: string[] | Part[]): input is Part[] {
  return typeof input[0] === "object";
}

function splitParts(parts: readonly Part[]): { texts: string[]; images: string[] } {
  const texts: string[] = [];
  const images: string[] = [];
  for (const p of parts) {
    if (p.type === "text") texts.push(p.text);
    else images.push(p.image_url.url);
  }
  return { texts, images };
}
