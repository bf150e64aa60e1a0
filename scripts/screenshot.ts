/**
 * `deno task screenshot`: docs/dashboard.png, the dashboard under a small scripted load, taken
 * with the same browser and helpers as the dashboard tests (1280x900, light theme). The test suite
 * never writes it; run this task after changing the page and commit the picture.
 */
import { launchChromium } from "../tests/support/browser.ts";
import { scriptedLoad } from "../tests/support/dashboard_load.ts";
import { startFakeAI } from "../tests/support/fakeai_process.ts";

const OUTPUT = new URL("../docs/dashboard.png", import.meta.url).pathname;

const server = await startFakeAI({
  args: [
    "--response-delay",
    "0",
    "--ttft",
    "40",
    "--itl",
    "8",
    "--rate-limit-enabled",
    "--rate-limit-tier",
    "tier-1",
    "--timing-ledger",
  ],
});
const browser = await launchChromium();
try {
  const page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
    colorScheme: "light",
  });
  await page.goto(`${server.url}/dashboard`);
  await page.selectOption("#window", "60");
  await scriptedLoad(server.baseURL, 40);
  await page.screenshot({ path: OUTPUT });
  console.log(`wrote ${OUTPUT}`);
} finally {
  await browser.close();
  await server.stop();
}
