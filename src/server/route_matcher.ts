/** Which methods a path supports, from the app's registered routes (for 405 vs 404). */

interface RouteInfo {
  method: string;
  path: string;
}

export function routeMatcher(routes: readonly RouteInfo[]) {
  const table = routes
    .filter((r) => r.method !== "ALL" && r.path !== "/*")
    .map((r) => ({ method: r.method, pattern: toRegExp(r.path) }));
  return {
    methodsFor(path: string): string[] {
      const methods = new Set<string>();
      for (const r of table) if (r.pattern.test(path)) methods.add(r.method);
      return [...methods];
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
