/**
 * POST /v1/images/generations: validate → deterministic PNGs → JSON after the response delay.
 * GET /images/{id}.png serves the images returned as URLs, from a bounded in-memory store.
 */
import type { ApiDeps } from "../deps.ts";
import { readyTokenizer } from "../../engine/tokenizer.ts";
import { generatePngs, revisedPrompt } from "../../modalities/images/image_generator.ts";
import { ImageStore, imageStoreLimits } from "../../modalities/images/image_store.ts";
import { nonStreamDelayMs } from "../../engine/latency.ts";
import type { App } from "../../server/app_env.ts";
import { readJsonBody } from "../../server/body.ts";
import { errors } from "../../server/errors.ts";
import { awaitDue } from "./plan_response.ts";
import { createPrng, deriveSeed } from "../../util/prng.ts";
import { parseRequest } from "../validation.ts";
import { toImageJob } from "./images_checks.ts";
import { type ImageData, imagesResponseBody, publicOrigin, toBase64 } from "./images_render.ts";
import { imagesRequestSchema } from "./images_schema.ts";
import { readOverrides } from "./request_overrides.ts";

export function registerImages(app: App, deps: ApiDeps): void {
  const { config, engine, lifecycle } = deps;
  const store = deps.images ?? new ImageStore(engine.clock, imageStoreLimits(config));
  let ordinal = 0;

  app.post("/v1/images/generations", async (c) => {
    const body = await readJsonBody(c.req.raw, config.maxRequestSize);
    const req = parseRequest(imagesRequestSchema, body);
    const overrides = readOverrides((name) => c.req.header(name));
    const job = toImageJob(req);
    if (!engine.models.admit(job.model)) throw errors.modelNotFound(job.model);
    c.set("access", { model: job.model });
    await readyTokenizer(job.model); // the usage counts the prompt's tokens
    const seed = overrides.seed ?? engine.settings.seed;
    const delayMs = nonStreamDelayMs(
      engine.settings.responseDelay,
      0,
      createPrng(deriveSeed(engine.settings.seed, "images-delay", ordinal++)),
    );

    const done = lifecycle.track();
    try {
      const pngs = await generatePngs(job, seed, config.generateActualImages, c.req.raw.signal);
      await awaitDue(c, deps, c.get("arrivedAt") + delayMs);
      const origin = publicOrigin(c.req.raw);
      const data = await Promise.all(pngs.map(async (png): Promise<ImageData> => {
        const item: ImageData = {};
        if (job.family === "dall-e-3") {
          item.revised_prompt = revisedPrompt(job.prompt, job.style, seed);
        }
        if (job.responseFormat === "b64_json") {
          item.b64_json = toBase64(png);
        } else {
          const id = engine.ids.next("img-", 24);
          await store.put(id, png);
          item.url = `${origin}/images/${id}.png`;
        }
        return item;
      }));
      return c.json(imagesResponseBody(job, Math.floor(engine.clock.wallNow() / 1000), data));
    } finally {
      done();
    }
  });

  app.get("/images/:file", async (c) => {
    const file = c.req.param("file");
    const id = file.endsWith(".png") ? file.slice(0, -4) : "";
    const entry = id ? await store.get(id) : undefined;
    if (!entry) {
      throw errors.imageNotFound(file);
    }
    const maxAge = Math.max(0, Math.floor((entry.expiresAt - engine.clock.now()) / 1000));
    const headers: Record<string, string> = {
      "content-type": "image/png",
      "cache-control": `public, max-age=${maxAge}, immutable`,
      etag: `"${id}"`,
    };
    if (c.req.header("if-none-match") === headers.etag) {
      return new Response(null, { status: 304, headers });
    }
    headers["content-length"] = String(entry.bytes.length);
    return new Response(entry.bytes as Uint8Array<ArrayBuffer>, { headers });
  });
}
