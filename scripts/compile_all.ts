/**
 * `deno task compile:all`: one executable per release target under dist/, compiled with exactly the
 * flags of `deno task compile` (scripts/compile.ts, so the two never drift).
 *   deno run --allow-read --allow-env --allow-run scripts/compile_all.ts [--dry-run] [TARGET...]
 */
import { compileArgs, runCompile } from "./compile.ts";

export const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
] as const;

const ROOT = new URL("../", import.meta.url);

export function outputFor(target: string): string {
  return `dist/fakeai-${target}${target.includes("windows") ? ".exe" : ""}`;
}

export function compileCommands(targets: readonly string[]): string[][] {
  return targets.map((target) => compileArgs(outputFor(target), target));
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
  const targets = wanted.length ? wanted : TARGETS;
  for (const [i, command] of compileCommands(targets).entries()) {
    console.log(["deno", ...command].join(" "));
    if (dryRun) continue;
    const code = await runCompile(command, { cwd: ROOT, target: targets[i] });
    if (code !== 0) return code;
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
