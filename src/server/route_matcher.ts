/**
 * Which methods a path supports (for 405 vs 404), asked of the app's own router: the matcher that
 * dispatches requests also decides the Allow list, so Hono's path syntax (`:id{regex}`, `*`,
 * optional parameters) never has to be translated.
 */
import type { Hono } from "hono";

// deno-lint-ignore no-explicit-any
type AnyHono = Hono<any, any, any>;

export function routeMatcher(app: Pick<AnyHono, "router" | "routes">) {
  const methods = [...new Set(app.routes.map((r) => r.method))].filter((m) => m !== "ALL");
  return {
    /** The methods registered for this path, and the route pattern they share. */
    methodsFor(path: string): { methods: string[]; routePath: string | null } {
      const found: string[] = [];
      let routePath: string | null = null;
      for (const method of methods) {
        // Middleware (app.use) is registered as ALL: only real routes count.
        const route = app.router.match(method, path)[0]
          .map(([[, r]]) => r)
          .find((r) => r.method === method);
        if (!route) continue;
        found.push(method);
        routePath ??= route.path;
      }
      return { methods: found, routePath };
    },
  };
}
