/**
 * The ONE definition of every setting. Each entry yields the default, the environment variable,
 * the CLI flag (derived from the env name), the config-file path (section.name), the help line
 * and the README row. Entries live in the settings_*.ts files by area; this file joins them.
 */
import { API_SETTINGS } from "./settings_api.ts";
import { MONITORING_SETTINGS } from "./settings_monitoring.ts";
import { CORE_SETTINGS } from "./settings_core.ts";
import { ENGINE_SETTINGS } from "./settings_engine.ts";
import type { SettingSpec } from "./setting_definition.ts";
import { TRAFFIC_SETTINGS } from "./settings_traffic.ts";
import { PROTECTION_SETTINGS } from "./settings_protection.ts";
import { FAULT_SETTINGS } from "./settings_faults.ts";

export type { SettingSpec } from "./setting_definition.ts";

export const SETTINGS = {
  ...CORE_SETTINGS,
  ...TRAFFIC_SETTINGS,
  ...PROTECTION_SETTINGS,
  ...FAULT_SETTINGS,
  ...ENGINE_SETTINGS,
  ...API_SETTINGS,
  ...MONITORING_SETTINGS,
} as const;

export type SettingKey = keyof typeof SETTINGS;
type ValueOf<S> = S extends SettingSpec<infer T> ? T : never;
export type Config = { readonly [K in SettingKey]: ValueOf<(typeof SETTINGS)[K]> };

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** CLI flag of a setting: the env name without FAKEAI_, kebab-case (FAKEAI_TTFT_MS → --ttft-ms). */
export function flagOf(key: SettingKey): string {
  return "--" + SETTINGS[key].env.slice("FAKEAI_".length).toLowerCase().replaceAll("_", "-");
}

export function filePathOf(key: SettingKey): string {
  return `${SETTINGS[key].section}.${SETTINGS[key].name}`;
}

/**
 * A setting's spec with its value type widened to `unknown`, for code that handles every key
 * alike (help, `config show`, file loading, generated docs). `SETTINGS[key]` with a non-literal
 * key is a union of specs whose `format` cannot be called: its parameter would be the
 * intersection of every setting's value type.
 */
export function specOf(key: SettingKey): SettingSpec<unknown> {
  return SETTINGS[key];
}

export function defaultConfig(): Config {
  const out: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) out[key] = SETTINGS[key].default;
  return Object.freeze(out) as Config;
}
