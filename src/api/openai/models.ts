/** GET /v1/models and GET /v1/models/{id} (ids may contain slashes). */
import type { ModelRegistry } from "../../engine/model_registry.ts";
import type { App } from "../../server/app_env.ts";
import { errors } from "../../server/errors.ts";

export function registerModels(app: App, models: ModelRegistry): void {
  app.get("/v1/models", (c) => c.json({ object: "list", data: models.list() }));
  app.get("/v1/models/:id{.+}", (c) => {
    // Hono has already percent-decoded the parameter (and kept it as sent when that failed).
    const id = c.req.param("id");
    const model = models.get(id);
    if (!model) throw errors.modelNotFound(id);
    return c.json(model);
  });
}
