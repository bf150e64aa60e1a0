/**
 * Command-line flags for commands that take the configuration (server, config show).
 * One flag per setting, derived from the schema, plus a few composite aliases.
 */
import type { FlagValue } from "../config/load.ts";
import { flagOf, SETTING_KEYS, type SettingKey, SETTINGS } from "../config/schema.ts";
import { didYouMean } from "../config/suggest.ts";

export interface ParsedFlags {
  flags: FlagValue[];
  configFile?: string;
  help: boolean;
  /** Positional arguments left over. */
  positional: string[];
  errors: string[];
}

const KEY_BY_FLAG = new Map<string, SettingKey>(SETTING_KEYS.map((k) => [flagOf(k), k]));

/** Aliases that are not one-to-one with a setting. */
export const ALIAS_HELP: ReadonlyArray<[string, string]> = [
  [
    "--config FILE",
    "Config file (YAML or JSON); also FAKEAI_CONFIG. Default: ./fakeai.yaml|yml|json if present.",
  ],
  [
    "--ttft MS[:VARIANCE_PCT]",
    "Shorthand for --ttft-ms and --ttft-variance-pct (e.g. --ttft 50:5).",
  ],
  ["--itl MS[:VARIANCE_PCT]", "Shorthand for --itl-ms and --itl-variance-pct (e.g. --itl 20:0)."],
  [
    "--api-key KEY|FILE",
    "Add an accepted API key, or a file of keys (one per line, # comments); repeatable.",
  ],
];

export function allFlagNames(): string[] {
  return [...KEY_BY_FLAG.keys(), "--config", "--ttft", "--itl", "--api-key", "--help"];
}

export function parseFlags(args: readonly string[]): ParsedFlags {
  const out: ParsedFlags = { flags: [], help: false, positional: [], errors: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "-h" || arg === "--help") {
      out.help = true;
      continue;
    }
    if (!arg.startsWith("--")) {
      out.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    const takeValue = (): string | undefined => {
      if (inline !== undefined) return inline;
      const next = args[i + 1];
      if (next === undefined || (next.startsWith("--") && next.length > 2)) {
        out.errors.push(`${name}: expects a value`);
        return undefined;
      }
      i++;
      return next;
    };

    if (name === "--config" || name === "--config-file") {
      const v = takeValue();
      if (v === "") out.errors.push(`${name}: expects a file path, got an empty value`);
      else if (v !== undefined) out.configFile = v;
      continue;
    }
    if (name === "--ttft" || name === "--itl") {
      const v = takeValue();
      if (v !== undefined) pushLatency(out, name, v);
      continue;
    }
    if (name === "--api-key") {
      const v = takeValue();
      // As the earlier Python CLI: a value naming an existing file is a keys file.
      const key = v !== undefined && isFile(v) ? "apiKeysFile" : "apiKeys";
      if (v !== undefined) out.flags.push({ key, raw: JSON.stringify([v]), flag: name });
      continue;
    }
    const negated = name.startsWith("--no-") ? `--${name.slice(5)}` : undefined;
    const negatedKey = negated ? KEY_BY_FLAG.get(negated) : undefined;
    if (negatedKey && SETTINGS[negatedKey].type.label === "bool" && inline === undefined) {
      out.flags.push({ key: negatedKey, raw: "false", flag: name });
      continue;
    }
    const key = KEY_BY_FLAG.get(name);
    if (!key) {
      out.errors.push(`unknown flag ${name}${didYouMean(name, allFlagNames())}`);
      continue;
    }
    if (SETTINGS[key].type.label === "bool") {
      out.flags.push({ key, raw: inline ?? "true", flag: name });
      continue;
    }
    const v = takeValue();
    if (v !== undefined) out.flags.push({ key, raw: v, flag: name });
  }
  return out;
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

function pushLatency(out: ParsedFlags, flag: string, value: string): void {
  const [ms, variance, extra] = value.split(":");
  if (extra !== undefined || ms === "") {
    out.errors.push(`${flag}: expected MS or MS:VARIANCE_PCT, got "${value}"`);
    return;
  }
  const base = flag === "--ttft" ? "ttft" : "itl";
  out.flags.push({ key: base === "ttft" ? "ttftMs" : "itlMs", raw: ms, flag });
  if (variance !== undefined) {
    out.flags.push({
      key: base === "ttft" ? "ttftVariancePct" : "itlVariancePct",
      raw: variance,
      flag,
    });
  }
}
