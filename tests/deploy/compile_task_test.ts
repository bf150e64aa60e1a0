/**
 * `deno task compile` (scripts/compile.ts) run for real, offline: with a stand-in runtime it embeds
 * main.ts, src and the runtime npm packages only, in at most 40 MB; it refuses the deno CLI as
 * DENORT_BIN (the result would be Deno's CLI) and says in one line what to do when denort cannot be
 * downloaded.
 */
import assert from "node:assert/strict";
import {
  denoCliRefusal,
  downloadHint,
  failedDenortDownload,
  isDenoCli,
  looksLikeDenoCli,
  withoutColour,
} from "../../scripts/compile.ts";
import { denoTasks } from "../support/compile_flags.ts";
import {
  embeddedFilesBytes,
  embeddedNpmPackages,
  embeddedPaths,
  runCompileTask,
  standInRuntime,
} from "../support/compile_output.ts";
import { denoInfo, reachableNpmPackages } from "../support/runtime_packages.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { ASSETS, PAGE } from "../../src/api/ops/dashboard_assets.ts";

/** The budget of the embedded files (code and npm packages), as deno compile reports it. */
const MAX_EMBEDDED_MB = 40;

const lastLine = (text: string) => text.trimEnd().split("\n").at(-1);

Deno.test("compile task: deno.json runs scripts/compile.ts for compile, compile_all.ts for compile:all", () => {
  const tasks = denoTasks();
  assert.match(tasks.compile, /^deno run [^]*scripts\/compile\.ts$/);
  assert.match(tasks["compile:all"], /^deno run [^]*scripts\/compile_all\.ts$/);
  for (const task of [tasks.compile, tasks["compile:all"]]) {
    assert.doesNotMatch(task, /(^|\s)(-A|--allow-all)(\s|$)/);
  }
});

Deno.test("compile task: embeds main.ts, src and only the runtime npm packages, within 40 MB", async () => {
  await withTempDir({}, async (dir) => {
    const run = await runCompileTask(["--output", `${dir}/fakeai`], {
      DENORT_BIN: standInRuntime(),
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const report = run.stderr; // deno compile reports on stderr
    const paths = embeddedPaths(report);
    assert.ok(paths.includes("main.ts"), report);
    assert.ok(paths.some((p) => p.startsWith("src/")), report);
    assert.deepEqual(paths.filter((p) => /^(tests|scripts)(\/|$)/.test(p)), []);
    assert.deepEqual(embeddedNpmPackages(report), reachableNpmPackages(await denoInfo()));
    const mb = embeddedFilesBytes(report) / 1024 ** 2;
    assert.ok(
      mb <= MAX_EMBEDDED_MB,
      `deno compile embeds ${mb.toFixed(2)} MB, over the ${MAX_EMBEDDED_MB} MB budget ` +
        "(docs/dependencies.md, Binary size):\n" + report,
    );
    assert.ok(Deno.statSync(`${dir}/fakeai`).size > mb * 1024 ** 2);
    // The dashboard's files are text imports: each one's text is in the executable.
    const binary = new TextDecoder("latin1").decode(Deno.readFileSync(`${dir}/fakeai`));
    for (const [name, asset] of [["page", PAGE] as const, ...ASSETS]) {
      const marker = asset.body.slice(0, 200);
      assert.ok(binary.includes(marker), `dashboard asset ${name} is not in the executable`);
    }
  });
});

Deno.test("compile task: refuses DENORT_BIN = the deno CLI in one line, exit code 2", async () => {
  await withTempDir({}, async (dir) => {
    const run = await runCompileTask(["--output", `${dir}/fakeai`], {
      DENORT_BIN: Deno.execPath(),
    });
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.equal(lastLine(run.stderr), denoCliRefusal(Deno.execPath()));
    assert.doesNotMatch(run.stdout + run.stderr, /Embedded Files|error:/);
    assert.deepEqual([...Deno.readDirSync(dir)], []);
  });
});

Deno.test("compile task: a deno CLI is known by its path or its --version, denort is not", async () => {
  await withTempDir({}, async (dir) => {
    Deno.symlinkSync(Deno.execPath(), `${dir}/deno-link`);
    assert.equal(await isDenoCli(`${dir}/deno-link`), true);
    // Another copy of the CLI, as a script answering --version the way deno does.
    const version = await new Deno.Command(Deno.execPath(), { args: ["--version"] }).output();
    const text = new TextDecoder().decode(version.stdout);
    assert.ok(looksLikeDenoCli(text), text);
    Deno.writeTextFileSync(`${dir}/other-deno`, `#!/bin/sh\ncat <<'EOF'\n${text}EOF\n`);
    Deno.chmodSync(`${dir}/other-deno`, 0o755);
    assert.equal(await isDenoCli(`${dir}/other-deno`), true);

    assert.equal(await isDenoCli(standInRuntime()), false);
    assert.equal(await isDenoCli(`${dir}/missing`), false); // deno compile reports that itself
  });
});

Deno.test("compile task: when denort cannot be downloaded, one last line says what to do", async () => {
  // A proxy nobody listens on: the download fails at once, with or without internet access.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const proxy = `http://127.0.0.1:${listener.addr.port}`;
  listener.close();
  await withTempDir({}, async (dir) => {
    // In colour, as in a terminal: the error is still recognised.
    const run = await runCompileTask(
      ["--output", `${dir}/fakeai`],
      { HTTPS_PROXY: proxy, HTTP_PROXY: proxy },
      { color: true },
    );
    const plain = withoutColour(run.stdout + run.stderr);
    if (!/Download https:\/\/\S+denort/.test(plain)) {
      // denort of this version is already in DENO_DIR: nothing to download, it just compiles.
      assert.equal(run.code, 0, run.stdout + run.stderr);
      return;
    }
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /error sending request/);
    assert.notEqual(withoutColour(run.stderr), run.stderr, "deno's output was in colour");
    assert.equal(lastLine(run.stderr), downloadHint());
    assert.match(downloadHint(), /^compile: [^\n]*DENORT_BIN[^\n]*internet access\.$/);
  });
});

Deno.test("compile task: the download hint follows denort download errors and nothing else", () => {
  const download = [
    "error: Writing deno compile executable to temporary file 'dist/fakeai.tmp-1'",
    "",
    "Caused by:",
    "    0: Setting up base binary.",
    "    1: error sending request for url " +
    "(https://dl.deno.land/release/v2.9.6/denort-x86_64-unknown-linux-gnu.zip): client error",
  ].join("\n");
  assert.equal(failedDenortDownload(download), true);
  assert.equal(
    failedDenortDownload(download.replace("error:", "\x1b[1m\x1b[31merror\x1b[0m:")),
    true,
  );
  const reportThenOtherError = "Download https://dl.deno.land/release/v2.9.6/denort-x86_64-" +
    "unknown-linux-gnu.zip\nerror: Writing deno compile executable\n\nCaused by:\n    0: No space left";
  assert.equal(failedDenortDownload(reportThenOtherError), false);
  const notElf = "error: Writing deno compile executable\n\nCaused by:\n    0: Writing binary " +
    "bytes\n    1: Invalid object: Not an ELF file";
  assert.equal(failedDenortDownload(notElf), false);
  assert.equal(
    failedDenortDownload("error: TS2322 [ERROR]: Type 'string' is not assignable"),
    false,
  );
});
