/** /v1/batches: create (from an uploaded JSONL file), list, retrieve and cancel. */
import { z } from "zod";
import type { ApiDeps } from "../deps.ts";
import type { App } from "../../server/app_env.ts";
import { readJsonBody } from "../../server/body.ts";
import { errors } from "../../server/errors.ts";
import { parseRequest } from "../validation.ts";
import { listPage, parseListQuery } from "../list_page.ts";
import { BATCH_ENDPOINTS } from "../../batches/batch_input.ts";
import { toBatchObject } from "../../batches/batch_object.ts";
import type { BatchService } from "../../batches/batch_service.ts";
import type { FileStore } from "../../files/file_store.ts";

const createSchema = z.object({
  input_file_id: z.string(),
  endpoint: z.enum(BATCH_ENDPOINTS),
  completion_window: z.enum(["24h"]),
  metadata: z.record(z.string(), z.string()).nullish(),
  output_expires_after: z.object({
    anchor: z.enum(["created_at"]),
    seconds: z.number().int().min(3600).max(2_592_000),
  }).optional(),
});

export function registerBatchRoutes(
  app: App,
  deps: ApiDeps,
  store: FileStore,
  batches: BatchService,
): void {
  const { config, engine } = deps;

  app.post("/v1/batches", async (c) => {
    const req = parseRequest(createSchema, await readJsonBody(c.req.raw, config.maxRequestSize));
    const metadata = req.metadata ?? null;
    if (metadata) checkMetadata(metadata);
    await store.sweep(Math.floor(engine.clock.wallNow() / 1000));
    const input = store.get(req.input_file_id);
    if (!input) throw errors.fileNotFound(req.input_file_id, "input_file_id");
    if (input.purpose !== "batch") {
      throw errors.invalidParam(
        "input_file_id",
        `Invalid 'input_file_id': file ${input.id} has purpose '${input.purpose}', but a batch ` +
          "input file must be uploaded with purpose 'batch'.",
      );
    }
    const authorization = c.req.header("authorization");
    const record = batches.create({
      input_file_id: input.id,
      endpoint: req.endpoint,
      metadata,
      outputExpiresAfterSeconds: req.output_expires_after?.seconds ?? null,
      forwardedHeaders: authorization ? { authorization } : {},
    });
    return c.json(toBatchObject(record));
  });

  app.get("/v1/batches", (c) => {
    const query = parseListQuery((name) => c.req.query(name), { defaultLimit: 20, maxLimit: 100 });
    return c.json(listPage(batches.list(), query, toBatchObject));
  });

  app.get("/v1/batches/:id", (c) => {
    const record = batches.get(c.req.param("id"));
    if (!record) throw errors.batchNotFound(c.req.param("id"));
    return c.json(toBatchObject(record));
  });

  app.post("/v1/batches/:id/cancel", (c) => {
    const outcome = batches.cancel(c.req.param("id"));
    if (outcome === undefined) throw errors.batchNotFound(c.req.param("id"));
    if (outcome === "terminal") {
      throw errors.batchNotCancellable(batches.get(c.req.param("id"))!.status);
    }
    return c.json(toBatchObject(outcome));
  });
}

/** OpenAI's metadata limits: at most 16 pairs, keys up to 64 characters, values up to 512. */
function checkMetadata(metadata: Record<string, string>): void {
  const keys = Object.keys(metadata);
  if (keys.length > 16) {
    throw errors.invalidParam(
      "metadata",
      `Invalid 'metadata': too many properties. Expected an object with at most 16 properties, ` +
        `but got an object with ${keys.length} properties instead.`,
      "object_above_max_properties",
    );
  }
  for (const key of keys) {
    if (key.length > 64) {
      throw errors.invalidParam(
        "metadata",
        `Invalid 'metadata': string too long. Expected a string with maximum length 64, but got ` +
          `a string with length ${key.length} instead.`,
        "string_above_max_length",
      );
    }
    if (metadata[key].length > 512) {
      throw errors.invalidParam(
        `metadata.${key}`,
        `Invalid 'metadata.${key}': string too long. Expected a string with maximum length 512, ` +
          `but got a string with length ${metadata[key].length} instead.`,
        "string_above_max_length",
      );
    }
  }
}
