/**
 * Wires the Files and Batch APIs: one file store for both, and a batch service that runs each
 * line through this same app in-process (its dispatch calls app.fetch when a line runs, by which
 * time every route is registered).
 */
import type { ApiDeps } from "../deps.ts";
import type { App } from "../../server/app_env.ts";
import { BatchService } from "../../batches/batch_service.ts";
import { createFileStore } from "../../files/create_file_store.ts";
import { registerBatchRoutes } from "./batches.ts";
import { registerFileRoutes } from "./files.ts";

export function registerFilesAndBatches(app: App, deps: ApiDeps): BatchService {
  const { config, engine, lifecycle } = deps;
  const store = createFileStore(config);
  const batches = new BatchService({
    clock: engine.clock,
    ids: engine.ids,
    store,
    dispatch: (request) => Promise.resolve(app.fetch(request)),
    speedup: config.batchSpeedup,
    modelAllowed: config.strictModels
      ? (model) => engine.models.get(model) !== undefined
      : undefined,
    shutdownSignal: lifecycle.shutdownSignal,
    draining: () => lifecycle.draining,
  });
  registerFileRoutes(app, deps, store);
  registerBatchRoutes(app, deps, store, batches);
  return batches;
}
