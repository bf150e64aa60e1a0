/**
 * Headless Chromium for the dashboard tests, driven by playwright-core (test-only; it never reaches
 * the binary). Debian's chromium is used as installed (.ci/run installs it): playwright's own
 * browser downloads are never needed. `chromium.launch` works under Deno (pipes to the browser).
 */
import { type Browser, chromium, type ConsoleMessage, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

/** Whether the browser is installed; tests are ignored (with this reason) when it is not. */
export function chromiumMissing(): string | null {
  try {
    Deno.statSync(CHROMIUM);
    return null;
  } catch {
    return `${CHROMIUM} is not installed (apt-get install chromium; .ci/run does)`;
  }
}

export async function launchChromium(): Promise<Browser> {
  return await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
}

/** Console errors, uncaught page errors and CSP violations seen by a page, as text. */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m: ConsoleMessage) => {
    if (m.type() === "error" || m.type() === "warning") {
      problems.push(`console.${m.type()}: ${m.text()}`);
    }
  });
  page.on("pageerror", (e: Error) => problems.push(`pageerror: ${e.message}`));
  return problems;
}

/**
 * Waits until `predicate` (run in the page) is true, polling. Page code must be functions, not
 * strings: the dashboard's CSP forbids evaluating strings.
 */
export async function waitInPage(
  page: Page,
  predicate: (arg: number) => boolean,
  arg = 0,
  timeoutMs = 15_000,
) {
  await page.waitForFunction(predicate, arg, { timeout: timeoutMs, polling: 100 });
}
