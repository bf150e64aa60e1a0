/**
 * The dashboard's files, embedded in the binary as text imports: our page, script and style
 * (src/api/ops/dashboard/) and uPlot's browser build and stylesheet, taken as published in the npm
 * package pinned in deno.json. Each has a strong ETag (SHA-256 of its bytes, computed once).
 */
import pageHtml from "./dashboard/page.html" with { type: "text" };
import styleCss from "./dashboard/dashboard.css" with { type: "text" };
import mainJs from "./dashboard/main.js" with { type: "text" };
import linkJs from "./dashboard/link.js" with { type: "text" };
import seriesJs from "./dashboard/series.js" with { type: "text" };
import chartsJs from "./dashboard/charts.js" with { type: "text" };
import panelsJs from "./dashboard/panels.js" with { type: "text" };
import uplotJs from "uplot/dist/uPlot.iife.min.js" with { type: "text" };
import uplotCss from "uplot/dist/uPlot.min.css" with { type: "text" };

export interface Asset {
  body: string;
  contentType: string;
  etag: Promise<string>;
}

const JS = "text/javascript; charset=utf-8";
const CSS = "text/css; charset=utf-8";

function asset(body: string, contentType: string): Asset {
  return { body, contentType, etag: etagOf(body) };
}

/** The page itself, served at /dashboard. */
export const PAGE: Asset = asset(pageHtml, "text/html; charset=utf-8");

/** Everything under /dashboard/assets/, by file name. */
export const ASSETS: ReadonlyMap<string, Asset> = new Map([
  ["dashboard.css", asset(styleCss, CSS)],
  ["main.js", asset(mainJs, JS)],
  ["link.js", asset(linkJs, JS)],
  ["series.js", asset(seriesJs, JS)],
  ["charts.js", asset(chartsJs, JS)],
  ["panels.js", asset(panelsJs, JS)],
  ["uPlot.iife.min.js", asset(uplotJs, JS)],
  ["uPlot.min.css", asset(uplotCss, CSS)],
]);

async function etagOf(body: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body));
  const hex = Array.from(
    new Uint8Array(digest).slice(0, 16),
    (b) => b.toString(16).padStart(2, "0"),
  );
  return `"${hex.join("")}"`;
}
