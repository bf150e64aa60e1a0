/** Help text, generated from the config schema so it never drifts from the settings. */
import { flagOf, SETTING_KEYS, type SettingKey, SETTINGS, specOf } from "../config/schema.ts";
import { VERSION } from "../version.ts";
import { ALIAS_HELP } from "./flags.ts";

export const MAIN_HELP = `fakeai ${VERSION} — an OpenAI-compatible simulated LLM inference server

Usage:
  fakeai server [flags]            Start the server (see: fakeai server --help)
  fakeai config show [flags]       Print the effective configuration and where each value came from
  fakeai config validate FILE      Check a YAML/JSON config file
  fakeai healthcheck [--url URL]   Exit 0 when the server's /health is healthy, 1 otherwise
  fakeai status [--url URL]        Health and key metrics of a running server, for a person
  fakeai metrics [--format json|prometheus] [--watch [SECONDS]] [--url URL]
                                   Print a running server's metrics (repeatedly with --watch)
  fakeai admin clear-cache|clear-kv-cache [--api-key-file PATH] [--url URL]
                                   Empty a running server's prompt cache / KV cache (for cron)
  fakeai scenarios validate PATH...
                                   Check scenario files or folders (scripted answers)
  fakeai timings compare CLIENT_FILE [--ledger FILE | --url URL]
                                   A benchmark client's timings minus the server's timing ledger
  fakeai version | --version       Print the version

Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error.
`;

export function serverHelp(): string {
  const lines = [
    `Usage: fakeai server [flags]`,
    ``,
    `Every setting has a flag, an environment variable and a config-file key.`,
    `Precedence: defaults < config file < environment < flags.`,
    `Booleans accept true/false/1/0/yes/no/on/off; --flag means true, --no-flag false.`,
    `Lists accept a JSON array or a comma list.`,
    ``,
    `General:`,
    ...ALIAS_HELP.map(([flag, doc]) => `  ${flag.padEnd(34)} ${doc}`),
    `  ${"--help".padEnd(34)} Show this help.`,
  ];
  const bySection = new Map<string, SettingKey[]>();
  for (const key of SETTING_KEYS) {
    const section = SETTINGS[key].section;
    bySection.set(section, [...(bySection.get(section) ?? []), key]);
  }
  for (const [section, keys] of bySection) {
    lines.push("", `${section}:`);
    for (const key of keys) lines.push(...settingHelp(key));
  }
  return lines.join("\n") + "\n";
}

function settingHelp(key: SettingKey): string[] {
  const spec = specOf(key);
  const valueHint = spec.type.label === "bool" ? "" : ` <${spec.type.label}>`;
  return [
    `  ${(flagOf(key) + valueHint).padEnd(34)} ${spec.doc}`,
    `  ${"".padEnd(34)} env ${spec.env} · default ${spec.type.format(spec.default)}`,
  ];
}
