/**
 * Builds the effective configuration: defaults < config file < environment < flags.
 * Every problem from every source is collected (never just the first); the result is frozen.
 */
import { AUTO_CONFIG_FILES, readConfigFile } from "./config_file.ts";
import {
  type Config,
  filePathOf,
  SETTING_KEYS,
  type SettingKey,
  SETTINGS,
  specOf,
} from "./schema.ts";
import { didYouMean } from "./suggest.ts";
import { CLI_ONLY_ENV } from "./cli_env.ts";

export type OriginKind = "default" | "file" | "env" | "flag";

export interface Origin {
  kind: OriginKind;
  /** The file path, env name or flag the value came from. */
  where: string;
}

/** A raw flag value from the command line, already mapped to its setting. */
export interface FlagValue {
  key: SettingKey;
  raw: string;
  flag: string;
}

export interface LoadInput {
  env: Record<string, string>;
  flags: readonly FlagValue[];
  /** Explicit config file (--config or FAKEAI_CONFIG). */
  configFile?: string;
  /** Directory searched for fakeai.yaml / fakeai.yml / fakeai.json when no file is named. */
  cwd?: string;
}

export interface LoadResult {
  config: Config;
  origins: Record<SettingKey, Origin>;
  configFile?: string;
  /** Non-fatal notes for stderr (auto-detected file, unknown keys). */
  notices: string[];
  warnings: string[];
  errors: string[];
}

/** Environment variables that are not settings but are understood. */
const META_ENV = new Set(["FAKEAI_CONFIG", ...Object.keys(CLI_ONLY_ENV)]);
const ENV_TO_KEY = new Map<string, SettingKey>(SETTING_KEYS.map((k) => [SETTINGS[k].env, k]));

export function loadConfig(input: LoadInput): LoadResult {
  const values: Record<string, unknown> = {};
  const origins = {} as Record<SettingKey, Origin>;
  const result: Omit<LoadResult, "config"> = { origins, notices: [], warnings: [], errors: [] };
  for (const key of SETTING_KEYS) {
    values[key] = SETTINGS[key].default;
    origins[key] = { kind: "default", where: "default" };
  }

  const configFile = input.configFile ?? input.env.FAKEAI_CONFIG ?? autoDetect(input.cwd);
  if (configFile) {
    result.configFile = configFile;
    if (!input.configFile && !input.env.FAKEAI_CONFIG) {
      result.notices.push(`using config file ${configFile} (found in the working directory)`);
    }
    const file = readConfigFile(configFile);
    result.warnings.push(...file.warnings);
    result.errors.push(...file.errors);
    for (const [key, raw] of file.values) {
      const parsed = specOf(key).type.fromFile(raw);
      const where = `${filePathOf(key)} in ${configFile}`;
      if (parsed.ok) set(key, parsed.value, { kind: "file", where });
      else result.errors.push(`${where}: ${parsed.error}`);
    }
  }

  for (const [name, raw] of Object.entries(input.env)) {
    if (!name.startsWith("FAKEAI_")) continue;
    const key = ENV_TO_KEY.get(name);
    if (!key) {
      if (!META_ENV.has(name)) {
        result.warnings.push(
          `unknown environment variable ${name}${didYouMean(name, ENV_TO_KEY.keys())}`,
        );
      }
      continue;
    }
    const parsed = SETTINGS[key].type.fromString(raw);
    if (parsed.ok) set(key, parsed.value, { kind: "env", where: name });
    else result.errors.push(`${name} (environment): ${parsed.error}`);
  }

  for (const { key, raw, flag } of input.flags) {
    const parsed = SETTINGS[key].type.fromString(raw);
    if (parsed.ok) set(key, parsed.value, { kind: "flag", where: flag });
    else result.errors.push(`${flag} (command line): ${parsed.error}`);
  }

  const config = Object.freeze(values) as Config;
  result.errors.push(...crossFieldProblems(config, origins));
  return { config, ...result };

  function set(key: SettingKey, value: unknown, origin: Origin): void {
    // Repeated list flags (--api-key a --api-key b) accumulate instead of replacing.
    const prev = values[key];
    if (
      origin.kind === "flag" && origins[key].kind === "flag" && Array.isArray(prev) &&
      Array.isArray(value)
    ) {
      values[key] = [...prev, ...value];
    } else values[key] = value;
    origins[key] = origin;
  }
}

function autoDetect(cwd: string | undefined): string | undefined {
  if (cwd === undefined) return undefined;
  for (const name of AUTO_CONFIG_FILES) {
    const path = `${cwd}/${name}`;
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch {
      // not there: try the next name
    }
  }
  return undefined;
}

function crossFieldProblems(config: Config, origins: Record<SettingKey, Origin>): string[] {
  const problems: string[] = [];
  if (config.outputLengthMin > config.outputLengthMax) {
    problems.push(
      `output_length_min (${config.outputLengthMin}, from ${origins.outputLengthMin.where}) ` +
        `is above output_length_max (${config.outputLengthMax}, from ${origins.outputLengthMax.where})`,
    );
  }
  if (config.useSemanticEmbeddings) {
    problems.push(
      `use_semantic_embeddings=true (from ${origins.useSemanticEmbeddings.where}): FakeAI has no ` +
        "embedding model; its embeddings are hashed word and character n-grams, which already " +
        "keep similar texts close. Remove the setting or set it to false",
    );
  }
  return problems;
}
