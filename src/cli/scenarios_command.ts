/**
 * `fakeai scenarios validate PATH...`: checks scenario files or folders as the server would load
 * them. Exit 0 with a line per file's rules; exit 2 with every problem (file, rule and field).
 */
import { readScenarioPaths } from "../engine/scenarios/scenario_book.ts";
import type { CliIo } from "./io.ts";

export function scenariosCommand(args: readonly string[], io: CliIo): number {
  const [action, ...paths] = args;
  if (action !== "validate" || paths.length === 0) {
    io.err("fakeai: usage: fakeai scenarios validate PATH... (scenario files or folders)");
    return 2;
  }
  const read = readScenarioPaths(paths);
  if ("problems" in read) {
    const n = read.problems.length;
    io.err(`fakeai: invalid scenarios (${n} problem${n > 1 ? "s" : ""}):`);
    for (const problem of read.problems) io.err(`  - ${problem}`);
    return 2;
  }
  const byFile = new Map<string, string[]>();
  for (const rule of read.rules) {
    byFile.set(rule.file, [...(byFile.get(rule.file) ?? []), rule.name]);
  }
  for (const [file, names] of byFile) {
    io.out(`${file}: ${names.length} rules (${names.join(", ")})`);
  }
  io.out(`ok: ${read.rules.length} rules${read.strict ? ", strict" : ""}`);
  return 0;
}
