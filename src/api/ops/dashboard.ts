/**
 * GET /dashboard: the live dashboard page, its assets under /dashboard/assets/ (embedded, see
 * dashboard_assets.ts), and GET /dashboard/info, the server facts its header shows (which needs the
 * API key when keys are on, so the page learns whether its key is accepted). GET / sends a browser
 * (Accept preferring text/html) to /dashboard; anything else asking for / gets the unknown-route 404.
 */
import type { Context } from "hono";
import type { App, AppEnv } from "../../server/app_env.ts";
import { errors } from "../../server/errors.ts";
import type { ApiDeps } from "../deps.ts";
import { type Asset, ASSETS, PAGE } from "./dashboard_assets.ts";
import { serverInfo } from "./dashboard_info.ts";

/** Only our own files: scripts and styles from this origin, data over fetch/WebSocket to it. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export function registerDashboard(app: App, deps: ApiDeps): void {
  // A middleware, not a GET route: `/` stays unknown (404, never 405) to everything but a browser.
  app.use("/", async (c, next) => {
    if (c.req.method !== "GET" || !prefersHtml(c.req.header("accept"))) return await next();
    return c.redirect("/dashboard", 302);
  });
  app.get("/dashboard", (c) => serve(c, PAGE));
  app.get("/dashboard/assets/:name", (c) => {
    const found = ASSETS.get(c.req.param("name"));
    if (!found) throw errors.unknownRoute(c.req.method, c.req.path);
    return serve(c, found);
  });
  app.get("/dashboard/info", (c) => c.json(serverInfo(deps)));
}

async function serve(c: Context<AppEnv>, asset: Asset): Promise<Response> {
  const etag = await asset.etag;
  const headers: Record<string, string> = {
    "content-type": asset.contentType,
    // Revalidate every time: an upgraded binary serves new files at the same URLs.
    "cache-control": "no-cache",
    etag,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "content-security-policy": DASHBOARD_CSP,
  };
  if (matchesEtag(c.req.header("if-none-match"), etag)) return c.body(null, 304, headers);
  return c.body(asset.body, 200, headers);
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((t) => {
    const tag = t.trim();
    return tag === "*" || tag === etag || tag === `W/${etag}`;
  });
}

/**
 * Whether an Accept header asks for HTML before JSON: browsers navigating send
 * `text/html,...,*\/*;q=0.8`; curl sends `*\/*` and SDKs `application/json` (neither names HTML).
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  let html = 0;
  let json = 0;
  for (const part of accept.split(",")) {
    const [range, ...params] = part.trim().toLowerCase().split(";").map((s) => s.trim());
    const qParam = params.find((p) => p.startsWith("q="));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q)) continue;
    if (range === "text/html" || range === "application/xhtml+xml") html = Math.max(html, q);
    else if (range === "application/json") json = Math.max(json, q);
  }
  return html > 0 && html > json;
}
