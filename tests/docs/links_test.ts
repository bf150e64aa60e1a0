/** Links between the README and docs/ lead somewhere: the file exists and so does the heading. */
import assert from "node:assert/strict";
import { documentationPages, ROOT } from "./example_runner.ts";

/** Pages other work items write; linked before they land. */
const ARRIVING = new Set(["docs/dependencies.md"]);

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
export function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/[`*_]/g, "").replace(/[^\p{L}\p{N} -]/gu, "")
    .replaceAll(" ", "-");
}

function anchors(text: string): Set<string> {
  const out = new Set<string>();
  let fenced = false;
  for (const line of text.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const m = !fenced && line.match(/^#{1,6}\s+(.*)$/);
    if (m) out.add(anchorOf(m[1]));
  }
  return out;
}

Deno.test("docs links: every relative link names an existing page and heading", () => {
  const broken: string[] = [];
  for (const page of documentationPages()) {
    const text = Deno.readTextFileSync(`${ROOT}${page}`);
    const dir = page.includes("/") ? page.slice(0, page.lastIndexOf("/") + 1) : "";
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue; // http(s), mailto
      const [file, anchor] = target.split("#");
      const path = file === "" ? page : new URL(file, `file:///${dir}`).pathname.slice(1);
      if (ARRIVING.has(path)) continue;
      let linked: string;
      try {
        linked = Deno.readTextFileSync(`${ROOT}${path}`);
      } catch {
        broken.push(`${page}: ${target} (no such file)`);
        continue;
      }
      if (anchor && !anchors(linked).has(anchor)) {
        broken.push(`${page}: ${target} (no such heading)`);
      }
    }
  }
  assert.deepEqual(broken, []);
});

Deno.test("docs links: anchors follow GitHub's rules", () => {
  assert.equal(anchorOf("GPU metrics (simulated DCGM)"), "gpu-metrics-simulated-dcgm");
  assert.equal(
    anchorOf("Per-request headers (for test writers)"),
    "per-request-headers-for-test-writers",
  );
  assert.equal(anchorOf("`server`"), "server");
});
