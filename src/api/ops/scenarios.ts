/**
 * GET /v1/fakeai/scenarios (the loaded rules with their hit counts) and POST
 * /v1/fakeai/scenarios/reset (clears the nth/sequence counters and hits). Under /v1, so API keys
 * apply when they are configured.
 */
import type { App } from "../../server/app_env.ts";
import type { ApiDeps } from "../deps.ts";

export function registerScenarios(app: App, deps: ApiDeps): void {
  app.get("/v1/fakeai/scenarios", (c) => {
    const book = deps.scenarios;
    return c.json({
      object: "list",
      strict: book?.strict ?? deps.config.scenariosStrict,
      paths: deps.config.scenarioPaths,
      data: book?.status() ?? [],
    });
  });
  app.post("/v1/fakeai/scenarios/reset", (c) => {
    deps.scenarios?.reset();
    return c.json({ object: "scenarios.reset", reset: true });
  });
}
