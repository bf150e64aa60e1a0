/**
 * The layout is the architecture: imports run only downward through the folders of src/, no
 * module imports itself through a cycle, tests/ mirrors src/, and docs/architecture.md lists
 * exactly the folders that exist.
 */
import assert from "node:assert/strict";
import { sourceFiles } from "./support/files_under.ts";

const ROOT = new URL("../", import.meta.url).pathname;

/**
 * Top-level folders of src/, highest first. A module may import its own folder and any folder
 * below its own; never one above. Files directly in src/ (version.ts) sit at the bottom.
 */
const LAYERS = [
  "cli", // argv → command
  "app", // assembly: the only folder that imports api/
  "api", // route modules
  "traffic", // auth, rate limits, security, faults
  "streaming", // SSE sessions and drivers
  "server", // HTTP toolkit
  "timing", // the timing ledger: due and sent times of every step
  "batches",
  "files",
  "metrics",
  "modalities", // images, audio, embeddings, moderation, ranking, gpu
  "engine", // simulated text inference
  "state", // Redis client
  "config",
  "codecs", // byte formats
  "util",
  "", // src/*.ts
] as const;

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^"';]*?\s+from\s+)?["'](\.[^"']+)["']/gm;

function folders(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    if (!entry.isDirectory) continue;
    const name = `${prefix}${entry.name}`;
    out.push(name, ...folders(`${dir}/${entry.name}`, `${name}/`));
  }
  return out.sort();
}

function resolve(from: string, spec: string): string {
  const url = new URL(spec, `file://${from}`);
  return url.pathname;
}

/** Every src/ module with the src/ modules it imports (relative paths under src/). */
function importGraph(): Map<string, string[]> {
  const src = `${ROOT}src`;
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(src)) {
    const text = Deno.readTextFileSync(file);
    const targets = [...text.matchAll(IMPORT)].map((m) => resolve(file, m[1]));
    graph.set(
      file.slice(src.length + 1),
      targets.map((t) => t.slice(src.length + 1)),
    );
  }
  return graph;
}

function layerOf(path: string): number {
  const top = path.includes("/") ? path.split("/")[0] : "";
  const rank = LAYERS.indexOf(top as (typeof LAYERS)[number]);
  assert.ok(rank >= 0, `src/${top}/ is not in the architecture test's LAYERS`);
  return rank;
}

Deno.test("architecture: every import in src/ runs down the layers", () => {
  const upward: string[] = [];
  for (const [file, targets] of importGraph()) {
    for (const target of targets) {
      if (layerOf(target) < layerOf(file)) upward.push(`src/${file} → src/${target}`);
    }
  }
  assert.deepEqual(upward, []);
});

Deno.test("architecture: no import cycles between modules", () => {
  const graph = importGraph();
  const cycles: string[] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      if (state.get(target) === "open") {
        cycles.push(stack.slice(stack.indexOf(target)).concat(target).join(" → "));
      } else if (!state.has(target)) visit(target);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  assert.deepEqual(cycles, []);
});

Deno.test("architecture: main.ts only starts the CLI", () => {
  const text = Deno.readTextFileSync(`${ROOT}main.ts`);
  const specs = [...text.matchAll(IMPORT)].map((m) => m[1]);
  assert.deepEqual(specs.filter((s) => !s.startsWith("./src/cli/")), []);
});

Deno.test("architecture: names say what a file is (no index.ts, no _spec.ts in src/)", () => {
  const bad = [...importGraph().keys()].filter((f) =>
    /(^|\/)index\.ts$|_spec\.ts$|_test\.ts$/.test(f) || !/^[a-z0-9_/]+\.ts$/.test(f)
  );
  assert.deepEqual(bad, []);
});

Deno.test("architecture: tests/ mirrors src/", () => {
  const OWN = ["bench", "deploy", "docs", "e2e", "fixtures", "reliability", "support"];
  const src = new Set(folders(`${ROOT}src`));
  const strays = folders(`${ROOT}tests`).filter((f) =>
    !OWN.includes(f.split("/")[0]) && !src.has(f)
  );
  assert.deepEqual(strays, []);
});

Deno.test("architecture: docs/architecture.md lists exactly the folders of src/", () => {
  const doc = Deno.readTextFileSync(`${ROOT}docs/architecture.md`);
  const listed = [...doc.matchAll(/^\|\s*`src\/([a-z0-9_/]+)\/`\s*\|/gm)].map((m) => m[1]).sort();
  assert.deepEqual(listed, folders(`${ROOT}src`));
});
