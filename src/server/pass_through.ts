/**
 * The middleware of a feature that is off for this configuration. createApp leaves it out of the
 * chain: every layer Hono composes costs each request a promise and a closure, even one that only
 * hands over.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./app_env.ts";

export const passThrough: MiddlewareHandler<AppEnv> = (_c, next) => next();
