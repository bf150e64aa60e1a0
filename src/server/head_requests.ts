/**
 * HEAD is answered by the GET route with its body dropped (Hono). A streamed body (the SSE of
 * /kv-cache/events) would then keep its producer subscribed with no reader: cancel it instead.
 */
import type { Context, MiddlewareHandler, Next } from "hono";
import type { AppEnv } from "./app_env.ts";

export function headRequests(): MiddlewareHandler<AppEnv> {
  return (c, next) => (c.req.method === "HEAD" ? dropBody(c, next) : next());
}

async function dropBody(c: Context<AppEnv>, next: Next): Promise<void> {
  await next();
  const body = c.res.body;
  if (body && !body.locked) await body.cancel().catch(() => {});
}
