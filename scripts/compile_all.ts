/**
 * `deno task compile:all`: one executable per release target under dist/, compiled with exactly the
 * permission flags of the `compile` task in deno.json (read from there, so the two never drift).
 *   deno run --allow-read --allow-env --allow-run scripts/compile_all.ts [--dry-run] [TARGET...]
 */

export const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
] as const;

const ROOT = new URL("../", import.meta.url);

/** The --frozen/--allow-* flags of deno.json's `compile` task. */
export function compileTaskFlags(denoJson: { tasks?: Record<string, string> }): string[] {
  const task = denoJson.tasks?.compile;
  if (!task) throw new Error('deno.json has no "compile" task');
  return task.split(/\s+/).filter((arg) => arg === "--frozen" || arg.startsWith("--allow-"));
}

export function outputFor(target: string): string {
  return `dist/fakeai-${target}${target.includes("windows") ? ".exe" : ""}`;
}

export function compileCommands(flags: string[], targets: readonly string[]): string[][] {
  return targets.map((target) => [
    "compile",
    ...flags,
    "--target",
    target,
    "--output",
    outputFor(target),
    "main.ts",
  ]);
}

async function main(args: string[]): Promise<number> {
  const dryRun = args.includes("--dry-run");
  const wanted = args.filter((a) => a !== "--dry-run");
  const unknown = wanted.filter((t) => !(TARGETS as readonly string[]).includes(t));
  if (unknown.length > 0) {
    console.error(
      `compile_all: unknown target ${unknown.join(", ")}; known: ${TARGETS.join(", ")}`,
    );
    return 2;
  }
  // DENORT_BIN replaces the runtime of EVERY target: one binary would be shipped under five names.
  if (!dryRun && Deno.env.get("DENORT_BIN")) {
    console.error(
      "compile_all: DENORT_BIN is set; it would be used for every target. " +
        "Unset it, or use `deno task compile` for the one target it was built for.",
    );
    return 2;
  }
  const denoJson = JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT)));
  const commands = compileCommands(compileTaskFlags(denoJson), wanted.length ? wanted : TARGETS);
  for (const command of commands) {
    console.log(["deno", ...command].join(" "));
    if (dryRun) continue;
    const { code } = await new Deno.Command(Deno.execPath(), { args: command, cwd: ROOT }).spawn()
      .status;
    if (code !== 0) return code;
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
