/**
 * What `deno compile` needs from the code: a module graph it can see whole (no dynamic imports,
 * workers or files read next to the sources) that reaches only the runtime npm packages, and
 * compile:all's command lines. The compile run itself: compile_task_test.ts.
 */
import assert from "node:assert/strict";
import { compileCommands, outputFor, TARGETS } from "../../scripts/compile_all.ts";
import { compileArgs } from "../../scripts/compile.ts";
import { compileTask, denoTasks } from "../support/compile_flags.ts";
import { denoInfo, reachableNpmPackages, RUNTIME_PACKAGES } from "../support/runtime_packages.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

Deno.test("compile graph: deno info sees every module statically, with no remote imports", async () => {
  const info = await denoInfo();
  const local = info.modules.filter((m) => m.specifier.startsWith("file:"));
  assert.ok(local.length > 50, `only ${local.length} local modules`);
  const dynamic = local.flatMap((m) =>
    (m.dependencies ?? []).filter((d) => d.isDynamic).map((d) => `${m.specifier} → ${d.specifier}`)
  );
  assert.deepEqual(dynamic, []);
  const kinds = new Set(info.modules.map((m) => m.kind));
  assert.deepEqual(
    [...kinds].filter((k) => !["esm", "npm", "node", "asserted", "external"].includes(k)),
    [],
  );
  // deno info lists text imports of local files as "external": only the dashboard's own files
  // are imported that way (compile embeds them; compile_task_test.ts checks the executable).
  const external = local.filter((m) => m.kind === "external").map((m) => m.specifier);
  assert.ok(external.length > 0);
  assert.deepEqual(external.filter((s) => !s.includes("/src/api/ops/dashboard/")), []);
  const remote = info.modules.filter((m) => /^(https?|jsr):/.test(m.specifier));
  assert.deepEqual(remote.map((m) => m.specifier), []);
  // Tests and tools never end up in the executable.
  assert.deepEqual(local.filter((m) => /\/(tests|scripts)\//.test(m.specifier)), []);
});

/** The one module loaded by URL at run time, and the compile flag that embeds it. */
const WORKER_POOL = "src/app/worker_pool.ts";
const WORKER_ENTRY = "src/app/worker_main.ts";

Deno.test("compile graph: src has no import(), workers or files read beside the sources", () => {
  const problems: string[] = [];
  const walk = (dir: string) => {
    for (const entry of Deno.readDirSync(dir)) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) walk(path);
      else if (path.endsWith(".ts")) check(path, Deno.readTextFileSync(path));
    }
  };
  const check = (path: string, text: string) => {
    // The worker isolates' entry, embedded by the compile task's --include (checked below).
    if (path === `${ROOT}${WORKER_POOL}`) {
      text = text.replace('new URL("./worker_main.ts", import.meta.url)', "WORKER_ENTRY");
    }
    text.split("\n").forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, "");
      // `typeof import("x")` in a type is fine; a call is a dynamic import compile may miss.
      if (/(?<!typeof\s*)\bimport\s*\(/.test(code)) problems.push(`${path}:${i + 1} import()`);
      const entryWorker = path === `${ROOT}${WORKER_POOL}` && /new Worker\(entry,/.test(code);
      if (/\bnew\s+Worker\s*\(/.test(code) && !entryWorker) {
        problems.push(`${path}:${i + 1} Worker`);
      }
      if (/import\.meta\.(url|dirname|filename|resolve)/.test(code)) {
        problems.push(`${path}:${i + 1} file next to the source (not embedded by compile)`);
      }
    });
  };
  walk(`${ROOT}src`);
  check(`${ROOT}main.ts`, Deno.readTextFileSync(`${ROOT}main.ts`));
  assert.deepEqual(problems, []);
  const args = compileArgs();
  assert.equal(args[args.indexOf("--include") + 1], WORKER_ENTRY, "the worker entry is embedded");
  assert.ok(args.includes("--unstable-net"), "reusePort (--workers) needs --unstable-net");
});

Deno.test("compile graph: main.ts reaches only the runtime npm packages, never a test-only SDK", async () => {
  const info = await denoInfo();
  const reachable = reachableNpmPackages(info);
  const strays = reachable.filter((name) => !RUNTIME_PACKAGES.includes(name));
  assert.deepEqual(
    strays,
    [],
    `main.ts reaches ${strays.join(", ")}: a test-only package in the executable? ` +
      "A new runtime dependency goes in tests/support/runtime_packages.ts and docs/dependencies.md.",
  );
  assert.deepEqual(reachable, RUNTIME_PACKAGES, "every runtime package is in use");
  // deno info lists the whole lockfile (the test-only SDKs too): reachability is what filters it.
  const locked = new Set(Object.values(info.npmPackages).map((p) => p.name));
  assert.ok(locked.has("openai") && !reachable.includes("openai"));
});

Deno.test("compile:all builds the five release targets under dist/ with the compile task's flags", () => {
  const flags = compileTask().slice(2, -3); // between "deno compile" and "--output dist/fakeai main.ts"
  assert.ok(flags.includes("--frozen") && flags.includes("--exclude-unused-npm"), `${flags}`);
  const commands = compileCommands(TARGETS);
  assert.deepEqual(commands.map((c) => c[c.indexOf("--target") + 1]), [
    "x86_64-unknown-linux-gnu",
    "aarch64-unknown-linux-gnu",
    "x86_64-apple-darwin",
    "aarch64-apple-darwin",
    "x86_64-pc-windows-msvc",
  ]);
  for (const command of commands) {
    const target = command[command.indexOf("--target") + 1];
    assert.deepEqual(command, compileArgs(outputFor(target), target));
    assert.deepEqual(command.slice(1, 1 + flags.length), flags);
    assert.match(command[command.indexOf("--output") + 1], /^dist\/fakeai-[\w-]+(\.exe)?$/);
    assert.equal(command.at(-1), "main.ts");
  }
  const task = denoTasks()["compile:all"];
  if (task !== undefined) assert.match(task, /scripts\/compile_all\.ts/);
});
