/**
 * Runs the examples of markdown pages against live servers (the real CLI on a free port) and
 * compares what they print with the documented output.
 *
 * Examples that name the same server in the same page share one server process and one bash
 * session, run in page order (shell variables carry over, as in a terminal). Every server starts
 * with the default seed and zero latency unless the page's server line says otherwise (the page's
 * environment variables and flags override those defaults). `fakeai` in a block is the CLI of
 * this checkout; `localhost:8000` (or the page's `--port`) is the live server.
 *
 * `deno run -A tests/docs/example_runner.ts [FILE.md …]` prints each example's actual output.
 */
import { startFakeAI } from "../support/fakeai_process.ts";
import { type Example, examples, serverKey } from "./markdown_examples.ts";
import { compareOutput } from "./output_match.ts";

export const ROOT = new URL("../../", import.meta.url).pathname;
const MAIN = `${ROOT}main.ts`;
const CONFIG = `${ROOT}deno.json`;

/** Defaults under every example's server: no delays, so pages are checked quickly. They are
 * environment variables, so a page's own variables and flags win. */
export const BASE_ENV: Record<string, string> = {
  FAKEAI_RESPONSE_DELAY: "0",
  FAKEAI_TTFT_MS: "0",
  FAKEAI_ITL_MS: "0",
  FAKEAI_ACCESS_LOG: "false",
};

export interface ExampleResult {
  example: Example;
  actual: string;
  problems: string[];
}

/** The pages whose examples are checked: the README and every page under docs/. */
export function documentationPages(): string[] {
  const docs = [...Deno.readDirSync(`${ROOT}docs`)]
    .filter((e) => e.isFile && e.name.endsWith(".md"))
    .map((e) => `docs/${e.name}`)
    .sort();
  return ["README.md", ...docs];
}

export function pageExamples(file: string): Example[] {
  return examples(file, Deno.readTextFileSync(`${ROOT}${file}`));
}

/** Runs the examples, `concurrency` servers at a time; results in the order given. */
export async function runExamples(all: Example[], concurrency = 4): Promise<ExampleResult[]> {
  const groups = new Map<string, Example[]>();
  for (const ex of all) {
    const key = `${ex.file} ${serverKey(ex.server)}`;
    groups.set(key, [...(groups.get(key) ?? []), ex]);
  }
  const results = new Map<Example, ExampleResult>();
  const queue = [...groups.values()];
  const worker = async () => {
    for (let group = queue.shift(); group; group = queue.shift()) {
      for (const r of await runGroup(group)) results.set(r.example, r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  return all.map((ex) => results.get(ex)!);
}

const MARK = "@@fakeai-docs-example@@";

async function runGroup(group: Example[]): Promise<ExampleResult[]> {
  const dir = await Deno.makeTempDir({ prefix: "fakeai-docs-" });
  const spec = group[0].server;
  let server;
  try {
    server = await startFakeAI({ args: spec.args, env: { ...BASE_ENV, ...spec.env }, cwd: dir });
  } catch (err) {
    await Deno.remove(dir, { recursive: true });
    return group.map((example) => ({ example, actual: "", problems: [String(err)] }));
  }
  try {
    const port = Number(new URL(server.url).port);
    const here = (text: string) =>
      text.replace(
        new RegExp(`(localhost|127\\.0\\.0\\.1):${spec.port}\\b`, "g"),
        `127.0.0.1:${port}`,
      );
    // The commands that talk to a running server find it on the port the page's server has.
    const script = [
      `fakeai() {
  case "$1" in
    healthcheck | status | metrics | admin) local FAKEAI_PORT="$DOCS_PORT"; export FAKEAI_PORT ;;
  esac
  "$DOCS_DENO" run -A --quiet --frozen --config "$DOCS_CONFIG" "$DOCS_MAIN" "$@"
}`,
    ];
    group.forEach((ex, i) => {
      let code = here(ex.code);
      if (ex.runner === "ts") {
        Deno.writeTextFileSync(`${dir}/example_${i}.ts`, code);
        code = `"$DOCS_DENO" run -A --quiet --frozen --config "$DOCS_CONFIG" example_${i}.ts`;
      }
      script.push(`{\n${code}\n} 2>&1`, `printf '\\n${MARK}\\n'`);
    });
    const out = await runBash(script.join("\n"), dir, {
      DOCS_PORT: String(port),
      DOCS_DENO: Deno.execPath(),
      DOCS_MAIN: MAIN,
      DOCS_CONFIG: CONFIG,
    });
    const parts = out.split(`\n${MARK}\n`);
    const back = (text: string) =>
      text.replace(
        new RegExp(`(localhost|127\\.0\\.0\\.1):${port}\\b`, "g"),
        `localhost:${spec.port}`,
      );
    return group.map((example, i) => {
      const actual = back(parts[i] ?? "");
      const expected = example.output.text.replace(
        new RegExp(`127\\.0\\.0\\.1:${spec.port}\\b`, "g"),
        `localhost:${spec.port}`,
      );
      const problems = i < parts.length - 1
        ? compareOutput(example.output.kind, expected, actual)
        : [`the example did not finish:\n${actual}`];
      return { example, actual, problems };
    });
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

async function runBash(script: string, cwd: string, env: Record<string, string>) {
  const child = new Deno.Command("bash", {
    args: ["-c", script],
    cwd,
    clearEnv: true,
    env: { ...passThrough(), NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  try {
    const out = await child.output();
    return new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  } finally {
    clearTimeout(timer);
  }
}

/** PATH, and where Deno keeps its cache (so `deno run` in an example needs no network). */
function passThrough(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME", "TMPDIR"]) {
    const value = Deno.env.get(name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

if (import.meta.main) {
  const files = Deno.args.length > 0 ? Deno.args : documentationPages();
  const results = await runExamples(files.flatMap(pageExamples));
  for (const r of results) {
    const status = r.problems.length === 0 ? "ok" : "DIFFERS";
    console.log(`\n=== ${r.example.file}:${r.example.output.line} ${status}`);
    console.log(r.actual);
    for (const p of r.problems) console.log(`  - ${p}`);
  }
}
