/** `fakeai config show` and `fakeai config validate FILE`. */
import { loadConfig, type LoadResult } from "../config/load.ts";
import { filePathOf, SETTING_KEYS, type SettingKey, specOf } from "../config/schema.ts";
import { parseFlags } from "./flags.ts";
import type { CliIo } from "./io.ts";

const SECRET_KEYS: ReadonlySet<SettingKey> = new Set([
  "apiKeys",
  "redisUrl",
  "recordUpstreamApiKey",
]);

export function configCommand(args: readonly string[], io: CliIo): number {
  const [sub, ...rest] = args;
  if (sub === "show") return show(rest, io);
  if (sub === "validate") return validate(rest, io);
  io.err(`fakeai config: expected "show" or "validate", got ${sub ? `"${sub}"` : "nothing"}`);
  return 2;
}

function show(args: readonly string[], io: CliIo): number {
  const parsed = parseFlags(args);
  if (parsed.positional.length > 0) {
    parsed.errors.push(`unexpected argument ${parsed.positional[0]}`);
  }
  const result = loadConfig({
    env: io.env,
    flags: parsed.flags,
    configFile: parsed.configFile,
    cwd: io.cwd,
  });
  if (reportProblems(result, parsed.errors, io)) return 2;
  const width = Math.max(...SETTING_KEYS.map((k) => filePathOf(k).length));
  for (const key of SETTING_KEYS) {
    const value = redact(key, result.config[key]);
    const origin = result.origins[key];
    const source = origin.kind === "default" ? "default" : `${origin.kind} ${origin.where}`;
    io.out(`${filePathOf(key).padEnd(width)}  ${value.padEnd(24)}  (${source})`);
  }
  return 0;
}

function validate(args: readonly string[], io: CliIo): number {
  const [file, ...extra] = args;
  if (!file || extra.length > 0) {
    io.err("usage: fakeai config validate FILE");
    return 2;
  }
  const result = loadConfig({ env: {}, flags: [], configFile: file });
  if (reportProblems(result, [], io)) return 2;
  io.out(`${file}: ok`);
  return 0;
}

/** Prints notices, warnings and errors; true when there were errors. */
export function reportProblems(result: LoadResult, extraErrors: string[], io: CliIo): boolean {
  for (const notice of result.notices) io.err(`fakeai: ${notice}`);
  for (const warning of result.warnings) io.err(`fakeai: warning: ${warning}`);
  const errors = [...extraErrors, ...result.errors];
  if (errors.length === 0) return false;
  io.err(
    `fakeai: invalid configuration (${errors.length} problem${errors.length > 1 ? "s" : ""}):`,
  );
  for (const error of errors) io.err(`  - ${error}`);
  return true;
}

function redact(key: SettingKey, value: unknown): string {
  if (SECRET_KEYS.has(key) && value !== null) {
    return Array.isArray(value) ? `[${value.length} redacted]` : "(redacted)";
  }
  return specOf(key).type.format(value);
}
