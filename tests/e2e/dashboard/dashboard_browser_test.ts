/**
 * The dashboard in a real browser (Debian's chromium driven by playwright-core) against the real
 * CLI under a small scripted load: every chart gets data (lateness with --timing-ledger), the
 * totals shown match /metrics, no console errors or CSP violations; key mode; reconnecting after a
 * restart on the same port (without the ledger: the lateness chart says it is off).
 * Ignored, with the reason, only when chromium is not installed (.ci/run installs it).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { PANELS } from "../../../src/api/ops/dashboard/panels.js";
import {
  chromiumMissing,
  collectProblems,
  launchChromium,
  waitInPage,
} from "../../support/browser.ts";
import { scriptedLoad } from "../../support/dashboard_load.ts";
import { startFakeAI } from "../../support/fakeai_process.ts";

const missing = chromiumMissing();
if (missing) console.warn(`dashboard browser tests ignored: ${missing}`);
const ARGS = ["--response-delay", "0", "--ttft", "20", "--itl", "4"];
const test = (name: string, fn: () => Promise<void>) =>
  Deno.test({ name, ignore: missing !== null, sanitizeResources: false, sanitizeOps: false, fn });

// Page code runs in the browser; the tests are checked without the DOM library.
// deno-lint-ignore no-explicit-any
declare const document: any;
// deno-lint-ignore no-explicit-any
declare const sessionStorage: any;
// deno-lint-ignore no-explicit-any
declare function getComputedStyle(el: any): any;
const live = () => document.getElementById("status")?.dataset.state === "live";
const notLive = () => document.getElementById("status")?.dataset.state !== "live";
const frames = () => Number(document.body.dataset.frames ?? 0);
const shown = (page: Page, fact: string) =>
  page.locator(`[data-fact="${fact}"]`).textContent().then((t) => t ?? "");

async function requestsTotal(url: string): Promise<number> {
  const m = await (await fetch(`${url}/metrics`)).json();
  return Object.values(m.requests as Record<string, { count: number }>)
    .reduce((n, e) => n + e.count, 0);
}

test("dashboard: every chart gets data under load, totals match /metrics, no console errors", async () => {
  const server = await startFakeAI({ args: [...ARGS, "--timing-ledger"] });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = collectProblems(page);
    const response = await page.goto(`${server.url}/dashboard`);
    assert.equal(response?.status(), 200);
    assert.match(response!.headers()["content-security-policy"], /script-src 'self'/);
    await scriptedLoad(server.baseURL, 8);
    await waitInPage(page, () =>
      // deno-lint-ignore no-explicit-any
      [...document.querySelectorAll("figure[data-chart]")].every((f: any) =>
        Number(f.dataset.points) > 0
      ));
    const charts: { id: string; label: string; values: number }[] = await page.evaluate(() =>
      // deno-lint-ignore no-explicit-any
      [...document.querySelectorAll("figure[data-chart]")].map((e: any) => ({
        id: e.dataset.chart,
        label: e.querySelector("[role=img]")?.getAttribute("aria-label") ?? "",
        values: e.querySelectorAll(".now [data-key]").length,
      }))
    );
    assert.deepEqual(charts.map((c) => c.id), PANELS.map((p) => p.id));
    for (const c of charts) {
      assert.ok(c.label.length > 10, `${c.id} has no accessible label`);
      assert.ok(c.values > 0, `${c.id} shows no current values`);
    }
    // The figures the load must have produced.
    const value = (chart: string, key: string) =>
      page.locator(`[data-chart="${chart}"] [data-key="${key}"]`).getAttribute("data-value");
    await waitInPage(
      page,
      () => document.querySelector('[data-chart="errors"] [data-key="model_not_found"]') !== null,
    );
    assert.ok(Number(await value("ttft", "target")) === 20);
    assert.ok(Number(await value("itl", "target")) === 4);
    assert.ok(Number(await value("ttft", "p50")) >= 15, "TTFT p50 near the 20 ms target");
    assert.ok(Number(await value("gpu_memory", "GPU 0")) > 0);
    // Tokens/s by endpoint: chat completions in and out; embeddings in, under a little more load.
    let embedding = true;
    const more = (async () => {
      while (embedding) {
        await (await fetch(`${server.url}/v1/embeddings`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ model: "text-embedding-3-small", input: "more words" }),
        })).body?.cancel();
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      await waitInPage(page, () =>
        Number(
          document.querySelector('[data-chart="endpoint_tokens"] [data-key="/v1/embeddings in"]')
            ?.dataset.value,
        ) > 0);
    } finally {
      embedding = false;
      await more;
    }
    // Only what carried tokens is drawn: embeddings have no output, /health no tokens at all.
    for (const key of ["/v1/embeddings out", "/health in"]) {
      assert.equal(
        await page.locator(`[data-chart="endpoint_tokens"] [data-key="${key}"]`).count(),
        0,
        key,
      );
    }
    for (const key of ["/v1/chat/completions in", "/v1/chat/completions out"]) {
      assert.notEqual(await value("endpoint_tokens", key), "", key);
    }
    assert.match(
      await page.locator('[data-chart="endpoint_tokens"] [role=img]').getAttribute("aria-label") ??
        "",
      /Tokens\/s by endpoint \(input, output\)/,
    );
    // Steps go out a little late (the event loop), never more than the window's max.
    const lateMax = Number(await value("lateness", "max"));
    assert.ok(lateMax > 0, `lateness max ${lateMax} ms`);
    assert.ok(Number(await value("lateness", "p99")) <= lateMax);
    assert.equal(await value("lateness", "on time"), "0");
    assert.match(await shown(page, "features"), /timing_ledger/);
    assert.match(await shown(page, "targets"), /20 ms \/ 4 ms/);
    assert.match(await shown(page, "version"), /^\d+\.\d+\.\d+/);

    // The load has stopped: the total shown settles to /metrics' (which counts itself, so allow
    // the few requests of a second's drift).
    await new Promise((r) => setTimeout(r, 1500));
    const onPage = Number(await shown(page, "requests-total"));
    const fromMetrics = await requestsTotal(server.url);
    assert.ok(Math.abs(fromMetrics - onPage) <= 3, `page ${onPage} vs /metrics ${fromMetrics}`);
    assert.ok(onPage >= 32, `${onPage} requests shown`);

    // Pause freezes the numbers; the window selector and theme toggle work without errors.
    await page.click("#pause");
    const frozen = await shown(page, "uptime");
    await new Promise((r) => setTimeout(r, 1300));
    assert.equal(await shown(page, "uptime"), frozen);
    await page.click("#pause");
    await page.selectOption("#window", "60");
    await page.click("#theme");
    await new Promise((r) => setTimeout(r, 1200));
    // Phone width: one column.
    await page.setViewportSize({ width: 390, height: 800 });
    const columns = await page.evaluate(() =>
      getComputedStyle(document.getElementById("charts")).gridTemplateColumns.split(" ").length
    );
    assert.equal(columns, 1);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});

test("dashboard: key mode asks for the key, refuses a wrong one, connects with the right one", async () => {
  const server = await startFakeAI({
    args: ARGS,
    env: { FAKEAI_REQUIRE_API_KEY: "true", FAKEAI_API_KEYS: "sk-dash-right" },
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const problems = collectProblems(page);
    await page.goto(`${server.url}/`); // a browser is sent on to /dashboard
    assert.match(page.url(), /\/dashboard$/);
    await page.locator("#key-dialog[open]").waitFor();
    await page.fill("#key-input", "sk-dash-wrong");
    await page.click("#key-dialog button[type=submit]");
    await page.locator("#key-error:not([hidden])").waitFor();
    assert.match(await page.locator("#key-error").textContent() ?? "", /refused/);
    await page.fill("#key-input", "sk-dash-right");
    await page.click("#key-dialog button[type=submit]");
    await waitInPage(page, () => Number(document.body.dataset.frames ?? 0) >= 2);
    assert.equal(
      await page.evaluate(() => sessionStorage.getItem("fakeai.dashboard.key")),
      "sk-dash-right",
    );
    assert.match(await shown(page, "features"), /api_keys/);
    // Only the expected refusals of /dashboard/info (no key, then the wrong key) were logged.
    assert.deepEqual(problems.filter((p) => !/status of 401/.test(p)), []);
    assert.equal(problems.length, 2, problems.join("\n"));
  } finally {
    await browser.close();
    await server.stop();
  }
});

test("dashboard: reconnects after the server restarts on the same port", async () => {
  let server = await startFakeAI({ args: ARGS });
  const port = new URL(server.url).port;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const problems = collectProblems(page);
    await page.goto(`${server.url}/dashboard`);
    await waitInPage(page, live);
    // Without --timing-ledger the lateness chart says so instead of staying empty.
    await waitInPage(page, () => Number(document.body.dataset.frames ?? 0) >= 1);
    const lateness = page.locator('[data-chart="lateness"]');
    assert.equal(
      await lateness.locator(".now").textContent(),
      "timing ledger off — start with --timing-ledger",
    );
    assert.equal(await lateness.locator(".plot").isHidden(), true);
    await server.stop();
    await waitInPage(page, notLive);
    server = await startFakeAI({ args: [...ARGS, "--port", port] });
    const before = await page.evaluate(frames);
    await waitInPage(page, live, 0, 20_000);
    await waitInPage(page, (n) => Number(document.body.dataset.frames ?? 0) > n, before);
    // While the server was down the browser logged its failed connections, and nothing else.
    assert.deepEqual(
      problems.filter((p) => !/ERR_CONNECTION_REFUSED|WebSocket connection/.test(p)),
      [],
    );
  } finally {
    await browser.close();
    await server.stop();
  }
});
