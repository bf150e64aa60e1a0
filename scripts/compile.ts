/**
 * `deno task compile`: the single executable dist/fakeai for this machine, and the one place that
 * says how FakeAI is compiled (`compile:all` and the tests take the flags from here).
 *   deno run --allow-read --allow-env --allow-run scripts/compile.ts [--output PATH]
 *
 * `deno compile` joins a runtime, denort, with the code. It downloads denort from the internet
 * unless DENORT_BIN names one. Two ways that goes wrong get one line saying what to do instead:
 * - DENORT_BIN is the deno CLI: the "executable" would be a copy of Deno's CLI (its --version
 *   prints Deno's), so it is refused with exit code 2.
 * - denort cannot be downloaded (no internet access): deno's error, then what to do.
 */

/** The narrowest permissions FakeAI runs under (see tests/support/compile_flags.ts). */
export const PERMISSIONS = [
  "--allow-net",
  "--allow-env",
  "--allow-read",
  "--allow-write",
  "--allow-sys=hostname",
];

/**
 * --exclude-unused-npm embeds only the npm packages main.ts reaches. Without it deno embeds every
 * package of the lockfile, the test-only SDKs too: 111 MB instead of 36 MB (docs/dependencies.md).
 */
/**
 * --unstable-net: `--workers N` listens with SO_REUSEPORT (Deno.serve's reusePort), which Deno
 * still calls unstable. --include: the worker isolates' entry module is loaded by URL at run
 * time (new Worker), so the module graph from main.ts does not reach it.
 */
export const COMPILE_FLAGS = [
  "--frozen",
  "--exclude-unused-npm",
  "--unstable-net",
  "--include",
  "src/app/worker_main.ts",
  ...PERMISSIONS,
];

export const ENTRY = "main.ts";
export const OUTPUT = "dist/fakeai";

/** The `deno compile` arguments (without "deno") for one output, optionally cross-compiled. */
export function compileArgs(output: string = OUTPUT, target?: string): string[] {
  return [
    "compile",
    ...COMPILE_FLAGS,
    ...(target ? ["--target", target] : []),
    "--output",
    output,
    ENTRY,
  ];
}

/** `deno --version` of the CLI; denort has no such answer of its own. */
export const looksLikeDenoCli = (versionText: string): boolean =>
  /^deno \d+\.\d+\.\d+/m.test(versionText) && /^typescript \d/m.test(versionText);

const realPath = (path: string): string => {
  try {
    return Deno.realPathSync(path);
  } catch {
    return path;
  }
};

/** Whether `path` is a deno CLI: this very deno, or a binary that answers --version like one. */
export async function isDenoCli(path: string, self: string = Deno.execPath()): Promise<boolean> {
  if (realPath(path) === realPath(self)) return true;
  try {
    const out = await new Deno.Command(path, {
      args: ["--version"],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
      signal: AbortSignal.timeout(10_000),
    }).output();
    return looksLikeDenoCli(new TextDecoder().decode(out.stdout));
  } catch {
    return false; // not runnable here (e.g. a runtime for another OS): deno compile judges it
  }
}

const targetOf = (target?: string) => target ?? Deno.build.target;

export function denoCliRefusal(path: string, target?: string): string {
  return `compile: DENORT_BIN=${path} is the deno CLI, not denort: the executable would be a ` +
    `copy of Deno's CLI. Set DENORT_BIN to a denort binary of Deno ${Deno.version.deno} for ` +
    `${targetOf(target)}, or unset it on a machine with internet access.`;
}

export function downloadHint(target?: string): string {
  return `compile: could not download denort, the runtime deno compile builds on: set DENORT_BIN ` +
    `to a denort binary of Deno ${Deno.version.deno} for ${targetOf(target)}, or build on a ` +
    `machine with internet access.`;
}

/** SGR colour codes (ESC [ … m), spelled without a control character in a regex literal. */
const COLOUR_CODES = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

/** `text` without terminal colour codes. */
export function withoutColour(text: string): string {
  return text.replace(COLOUR_CODES, "");
}

/** Whether deno compile's error (after its report, on stderr) says fetching denort failed. */
export function failedDenortDownload(stderr: string): boolean {
  // deno colours its output even into a pipe unless NO_COLOR is set.
  const plain = withoutColour(stderr);
  const error = plain.slice(Math.max(0, plain.search(/^error:/m)));
  return /^error:/.test(error) && /Setting up base binary|denort-[\w-]+\.zip/.test(error);
}

export interface RunOptions {
  cwd?: string | URL;
  /** The target being built, for the hint (this machine's by default). */
  target?: string;
}

/**
 * Runs `deno <args>`: stdout passes straight through, stderr (deno compile's report and errors)
 * too, and is kept to read; when it failed for want of denort, one more line says what to do.
 * Returns deno's exit code.
 */
export async function runCompile(args: string[], options: RunOptions = {}): Promise<number> {
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: options.cwd,
    stdin: "null",
    stdout: "inherit",
    stderr: "piped",
  }).spawn();
  const decoder = new TextDecoder();
  let stderr = "";
  for await (const chunk of child.stderr) {
    stderr += decoder.decode(chunk, { stream: true });
    for (let n = 0; n < chunk.length;) n += await Deno.stderr.write(chunk.subarray(n));
  }
  const { code } = await child.status;
  if (code !== 0 && failedDenortDownload(stderr)) console.error(downloadHint(options.target));
  return code;
}

const ROOT = new URL("../", import.meta.url);

/** `deno task compile [--output PATH]`. */
export async function main(args: string[]): Promise<number> {
  let output = OUTPUT;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--output" && args[i + 1]) output = args[++i];
    else {
      console.error(`compile: unknown argument ${args[i]}; usage: compile.ts [--output PATH]`);
      return 2;
    }
  }
  const runtime = Deno.env.get("DENORT_BIN");
  if (runtime && await isDenoCli(runtime)) {
    console.error(denoCliRefusal(runtime));
    return 2;
  }
  return await runCompile(compileArgs(output), { cwd: ROOT });
}

if (import.meta.main) Deno.exit(await main(Deno.args));
