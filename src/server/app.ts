/** createApp(deps): the whole HTTP surface as a Hono app. No sockets, no environment reads. */
import { Hono } from "hono";
import { registerChat } from "../api/openai/chat.ts";
import { registerCompletions } from "../api/openai/completions.ts";
import { registerResponses } from "../api/openai/responses.ts";
import { registerModels } from "../api/openai/models.ts";
import { registerHealth } from "../api/ops/health.ts";
import type { ApiDeps } from "../api/deps.ts";
import type { Config } from "../config/schema.ts";
import type { Engine } from "../engine/engine.ts";
import type { AppEnv } from "./app_env.ts";
import { ApiError, errorResponse, errors } from "./errors.ts";
import { Lifecycle } from "./lifecycle.ts";
import type { Logger } from "./logger.ts";
import { cors } from "./middleware/cors.ts";
import { requestContext } from "./middleware/request_context.ts";
import { routeMatcher } from "./route_matcher.ts";

export interface AppDeps {
  config: Config;
  engine: Engine;
  logger: Logger;
  lifecycle?: Lifecycle;
}

export function createApp(deps: AppDeps): { app: Hono<AppEnv>; lifecycle: Lifecycle } {
  const { config, engine, logger } = deps;
  const lifecycle = deps.lifecycle ?? new Lifecycle();
  const app = new Hono<AppEnv>();

  app.use(requestContext(engine.clock, engine.ids, logger));
  app.use(cors(config.corsAllowedOrigins, config.corsAllowCredentials));
  app.use(async (c, next) => {
    if (lifecycle.draining && c.req.path !== "/health") {
      const res = errorResponse(errors.shuttingDown(), { connection: "close" });
      c.res = res;
      return;
    }
    await next();
  });

  registerHealth(app, engine.clock, lifecycle);
  registerModels(app, engine.models);
  const api: ApiDeps = { config, engine, lifecycle, logger };
  registerChat(app, api);
  registerCompletions(app, api);
  registerResponses(app, api);

  const routes = routeMatcher(app.routes);
  app.notFound((c) => {
    const allowed = routes.methodsFor(c.req.path);
    const err = allowed.length > 0
      ? errors.methodNotAllowed(c.req.method, c.req.path, allowed)
      : errors.unknownRoute(c.req.method, c.req.path);
    return errorResponse(err);
  });
  app.onError((err, c) => {
    if (err instanceof ApiError) return errorResponse(err);
    if (c.req.raw.signal.aborted) return new Response(null, { status: 499 });
    logger.error("unhandled error", {
      request_id: c.get("requestId"),
      path: c.req.path,
      error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
      stack: err instanceof Error ? err.stack : undefined,
    });
    return errorResponse(errors.internal());
  });
  return { app, lifecycle };
}
