/** Which methods a path supports, from the app's registered routes (for 405 vs 404). */

interface RouteInfo {
  method: string;
  path: string;
}

export function routeMatcher(routes: readonly RouteInfo[]) {
  const table = routes
    .filter((r) => r.method !== "ALL" && r.path !== "/*")
    .map((r) => ({ method: r.method, path: r.path, pattern: toRegExp(r.path) }));
  return {
    /** The methods registered for this path, and the route pattern they share. */
    methodsFor(path: string): { methods: string[]; routePath: string | null } {
      const methods = new Set<string>();
      let routePath: string | null = null;
      for (const r of table) {
        if (r.pattern.test(path)) {
          methods.add(r.method);
          routePath ??= r.path;
        }
      }
      return { methods: [...methods], routePath };
    },
  };
}

function toRegExp(path: string): RegExp {
  const source = path
    .split("/")
    .map((segment) => {
      const custom = segment.match(/^:\w+\{(.+)\}$/);
      if (custom) return `(${custom[1]})`;
      if (segment.startsWith(":")) return "([^/]+)";
      if (segment === "*") return ".*";
      return segment.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return new RegExp(`^${source}/?$`);
}
