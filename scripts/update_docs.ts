/** `deno task docs`: regenerates the tables in docs/ that come from the code (settings,
 * per-request headers, metric families). tests/docs/generated_blocks_test.ts fails until then. */
import { fillGeneratedBlocks, GENERATED_PAGES } from "./docs_blocks.ts";

const root = new URL("../", import.meta.url);
for (const [page, names] of Object.entries(GENERATED_PAGES)) {
  const path = new URL(page, root);
  const before = await Deno.readTextFile(path);
  const after = fillGeneratedBlocks(before, names, page);
  if (after !== before) {
    await Deno.writeTextFile(path, after);
    console.log(`${page} updated`);
  } else console.log(`${page} already up to date`);
}
