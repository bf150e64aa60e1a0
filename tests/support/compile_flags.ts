/** The permission flags the single executable is compiled with, as scripts/compile.ts says. */
import { compileArgs } from "../../scripts/compile.ts";

const DENO_JSON = new URL("../../deno.json", import.meta.url);

/**
 * The narrowest set FakeAI runs under: net (listen, Redis, the ops commands' client), env (the
 * whole FAKEAI_* environment is read), read/write (config, keys files, metrics DB, files dir, log
 * file — all at configurable paths) and sys for Deno.hostname() only (the DCGM Hostname label;
 * Deno.memoryUsage() needs no permission).
 */
export const NARROWEST = [
  "--allow-net",
  "--allow-env",
  "--allow-read",
  "--allow-write",
  "--allow-sys=hostname",
];

export function denoTasks(): Record<string, string> {
  return JSON.parse(Deno.readTextFileSync(DENO_JSON)).tasks ?? {};
}

/** The `--allow-*` / `-A` flags of one task's command line. */
export function permissionFlags(task: string): string[] {
  return task.split(/\s+/).filter((a) => a.startsWith("--allow-") || a === "-A");
}

/** The command `deno task compile` runs (through scripts/compile.ts), split into arguments. */
export function compileTask(): string[] {
  return ["deno", ...compileArgs()];
}

/**
 * The flags to test the executable's permissions with: the compile task's own when they are the
 * narrowest set, otherwise the narrowest set (what works under it works under any wider set).
 */
export function flagsUnderTest(): string[] {
  const compiled = permissionFlags(compileTask().join(" "));
  const same = compiled.length === NARROWEST.length && NARROWEST.every((f) => compiled.includes(f));
  return same ? compiled : NARROWEST;
}
