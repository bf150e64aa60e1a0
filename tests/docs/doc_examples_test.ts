/**
 * Every output shown in the README and docs/ comes from running its example against a live
 * server: the request block runs (bash, or Deno for `ts`) and what it prints must match the
 * output block below it, field by field (ids, times and request ids masked; see
 * output_match.ts). To see what an example prints: `deno run -A tests/docs/example_runner.ts
 * docs/PAGE.md`.
 */
import assert from "node:assert/strict";
import { codeBlocks, type Example } from "./markdown_examples.ts";
import { compareOutput, ELLIPSIS, TIME_KEYS } from "./output_match.ts";
import {
  documentationPages,
  type ExampleResult,
  pageExamples,
  ROOT,
  runExamples,
} from "./example_runner.ts";

const PAGES = documentationPages();
const ALL = PAGES.flatMap(pageExamples);
let running: Promise<ExampleResult[]> | undefined;
/** All pages run together (a few servers at a time); each page's test waits for its share. */
const results = () => (running ??= runExamples(ALL));

const noSanitizers = { sanitizeOps: false, sanitizeResources: false };

for (const page of PAGES) {
  const mine = ALL.filter((ex) => ex.file === page);
  if (mine.length === 0) continue;
  Deno.test({
    name: `${page}: the ${mine.length} documented outputs are what the examples print`,
    ...noSanitizers,
    async fn() {
      const failures = (await results())
        .filter((r) => r.example.file === page && r.problems.length > 0)
        .map((r) =>
          `${page}:${r.example.output.line}: ${
            r.problems.join("\n  ")
          }\n--- actual output ---\n${r.actual}`
        );
      assert.deepEqual(failures, []);
    },
  });
}

Deno.test({
  name: "docs examples: an output edited to a wrong value fails its check",
  ...noSanitizers,
  async fn() {
    const insensitive: string[] = [];
    for (const r of await results()) {
      if (r.problems.length > 0) continue; // reported above
      const wrong = corrupt(r.example);
      if (
        wrong === undefined || compareOutput(r.example.output.kind, wrong, r.actual).length === 0
      ) {
        insensitive.push(`${r.example.file}:${r.example.output.line}`);
      }
    }
    assert.deepEqual(insensitive, [], "these outputs show nothing that is checked");
  },
});

Deno.test("docs: the README and docs/ hold at least 30 checked examples", () => {
  assert.ok(ALL.length >= 30, `${ALL.length} examples`);
});

Deno.test("docs: no output is shown outside a checked example", () => {
  const unchecked: string[] = [];
  for (const page of PAGES) {
    const text = Deno.readTextFileSync(`${ROOT}${page}`);
    const checked = new Set(pageExamples(page).map((ex) => ex.output.line));
    for (const block of codeBlocks(text)) {
      if (["bash", "sh", "shell"].includes(block.lang)) {
        // Output pasted as comments ("# {"id": …}", "# 400 …", "# data: …") is never checked.
        block.code.split("\n").forEach((line, i) => {
          if (/^\s*#\s*(→|=>|[{[]|\d{3}\b|data:|HTTP\/)/.test(line)) {
            unchecked.push(`${page}:${block.line + 1 + i}: ${line.trim()}`);
          }
        });
      }
      if (block.lang === "http" && !checked.has(block.line)) {
        unchecked.push(`${page}:${block.line}: an HTTP response that no example produces`);
      }
    }
  }
  assert.deepEqual(unchecked, []);
});

/** The documented output with one checked value changed, or undefined if nothing is checked. */
function corrupt(ex: Example): string | undefined {
  const text = ex.output.text;
  if (ex.output.kind === "json") {
    const doc = JSON.parse(text);
    return changeLeaf(doc) ? JSON.stringify(doc) : undefined;
  }
  const lines = text.split("\n");
  // The body of an HTTP example, or any line of text, that is compared as it stands.
  const start = ex.output.kind === "http" ? lines.indexOf("") + 1 : 0;
  for (let i = Math.max(start, 0); i < lines.length; i++) {
    const line = lines[i];
    const json = line.match(/^(data: )?([[{].*)$/);
    if (json) {
      try {
        const doc = JSON.parse(json[2]);
        if (changeLeaf(doc)) {
          lines[i] = (json[1] ?? "") + JSON.stringify(doc);
          return lines.join("\n");
        }
        continue;
      } catch { /* not JSON: compared as text */ }
    }
    if (line.trim() !== "" && line.trim() !== ELLIPSIS) {
      lines[i] = line.replace(/\S(?=\s*$)/, (c) => (c === "Z" ? "Y" : "Z"));
      return lines.join("\n");
    }
  }
  if (ex.output.kind === "http") {
    lines[0] = lines[0].replace(/\d{3}/, (s) => String(Number(s) + 1));
    return lines.join("\n");
  }
  return undefined;
}

/** Changes the first value in `doc` that is compared as written; false when there is none. */
function changeLeaf(doc: unknown): boolean {
  if (typeof doc !== "object" || doc === null) return false;
  for (const [key, value] of Object.entries(doc)) {
    if (key === ELLIPSIS || value === ELLIPSIS || TIME_KEYS.has(key)) continue;
    const target = doc as Record<string, unknown>;
    if (typeof value === "string" && !value.includes(ELLIPSIS)) target[key] = `${value}Z`;
    else if (typeof value === "number") target[key] = value + 1;
    else if (typeof value === "boolean") target[key] = !value;
    else if (value === null) target[key] = 0;
    else if (!changeLeaf(value)) continue;
    return true;
  }
  return false;
}
