/**
 * Flags of the operations commands: --url, --timeout, --format, --watch [SECONDS], --count,
 * --api-key, --api-key-file, --help.
 */

import type { CliIo } from "./io.ts";
import { type OpsTarget, resolveTarget } from "./ops_client.ts";

export interface OpsArgs {
  url?: string;
  timeoutSeconds: number;
  format?: string;
  /** Seconds between refreshes; undefined when not watching. */
  watchSeconds?: number;
  /** Stop after this many refreshes (with --watch). */
  count?: number;
  apiKey?: string;
  apiKeyFile?: string;
  help: boolean;
}

export type OpsFlag = "url" | "timeout" | "format" | "watch" | "count" | "api-key" | "api-key-file";

export const DEFAULT_TIMEOUT_SECONDS = 3;
export const DEFAULT_WATCH_SECONDS = 5;
const NUMBER = /^\d+(\.\d+)?$/;

/** Parses `args` accepting only `allowed` flags; errors are one line each. */
export function parseOpsArgs(
  args: readonly string[],
  allowed: readonly OpsFlag[],
): { args: OpsArgs; errors: string[] } {
  const out: OpsArgs = { timeoutSeconds: DEFAULT_TIMEOUT_SECONDS, help: false };
  const errors: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "-h" || arg === "--help") {
      out.help = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const name = (eq === -1 ? arg : arg.slice(0, eq)).replace(/^--/, "") as OpsFlag;
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    if (!arg.startsWith("--") || !allowed.includes(name)) {
      errors.push(arg.startsWith("-") ? `unknown flag ${arg}` : `unexpected argument "${arg}"`);
      continue;
    }
    // --watch takes an optional value: only a following number is consumed.
    if (name === "watch" && inline === undefined) {
      const next = args[i + 1];
      const hasValue = next !== undefined && NUMBER.test(next);
      if (hasValue) i++;
      out.watchSeconds = positive("--watch", hasValue ? next : String(DEFAULT_WATCH_SECONDS));
      continue;
    }
    let value = inline;
    if (value === undefined) {
      value = args[i + 1];
      if (value === undefined || value.startsWith("--")) {
        errors.push(`--${name}: expects a value`);
        continue;
      }
      i++;
    }
    if (name === "url") out.url = value;
    else if (name === "format") out.format = value;
    else if (name === "api-key") out.apiKey = value;
    else if (name === "api-key-file") out.apiKeyFile = value;
    else if (name === "timeout") out.timeoutSeconds = positive("--timeout", value);
    else if (name === "watch") out.watchSeconds = positive("--watch", value);
    else if (name === "count") {
      if (!/^\d+$/.test(value) || Number(value) < 1) {
        errors.push(`--count: expected a whole number of at least 1, got "${value}"`);
      } else out.count = Number(value);
    }
  }
  if (out.count !== undefined && out.watchSeconds === undefined) {
    errors.push("--count: only with --watch");
  }
  return { args: out, errors };

  function positive(flag: string, value: string): number {
    const n = Number(value);
    if (!NUMBER.test(value) || !(n > 0)) {
      errors.push(`${flag}: expected a number of seconds above 0, got "${value}"`);
      return 1;
    }
    return n;
  }
}

/**
 * The common start of every operations command: parse its flags, print its help, resolve the
 * server. Returns the parsed arguments and target, or the exit code to stop with (0 after help,
 * 2 on a usage error, with each problem printed as "fakeai NAME: problem").
 */
export function startOpsCommand(
  name: string,
  help: string,
  argv: readonly string[],
  allowed: readonly OpsFlag[],
  io: CliIo,
  check: (args: OpsArgs) => string[] = () => [],
): { args: OpsArgs; target: OpsTarget } | number {
  const { args, errors } = parseOpsArgs(argv, allowed);
  if (args.help) {
    io.out(help);
    return 0;
  }
  errors.push(...check(args));
  const target = errors.length === 0 ? resolveTarget(io, args.url) : undefined;
  if (!target || "error" in target) {
    for (const e of target ? [target.error] : errors) io.err(`fakeai ${name}: ${e}`);
    return 2;
  }
  return { args, target };
}
