/** Regenerates the README's generated blocks (configuration table, per-request headers). */
import { fillGeneratedBlocks } from "./docs_blocks.ts";

const path = new URL("../README.md", import.meta.url);
const before = await Deno.readTextFile(path);
const after = fillGeneratedBlocks(before);
if (after !== before) {
  await Deno.writeTextFile(path, after);
  console.log("README.md updated");
} else console.log("README.md already up to date");
