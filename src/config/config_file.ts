/** Reads a YAML or JSON config file in the sectioned layout into per-setting raw values. */
import { parse as parseYaml } from "yaml";
import { filePathOf, SETTING_KEYS, type SettingKey } from "./schema.ts";
import { didYouMean } from "./suggest.ts";
import { isObj } from "../util/json_shapes.ts";

/** Read from the working directory when no file is named, first found wins (the guide's names last). */
export const AUTO_CONFIG_FILES = [
  "fakeai.yaml",
  "fakeai.yml",
  "fakeai.json",
  "config.yaml",
  "config.yml",
  "config.json",
];

export interface FileValues {
  values: Map<SettingKey, unknown>;
  warnings: string[];
  errors: string[];
}

const KEY_BY_PATH = new Map<string, SettingKey>(SETTING_KEYS.map((k) => [filePathOf(k), k]));
const SECTIONS = new Set([...KEY_BY_PATH.keys()].map((p) => p.split(".")[0]));

export function readConfigFile(path: string): FileValues {
  const out: FileValues = { values: new Map(), warnings: [], errors: [] };
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (err) {
    const reason = err instanceof Deno.errors.NotFound ? "file not found" : String(err);
    out.errors.push(`config file ${path}: ${reason}`);
    return out;
  }
  let doc: unknown;
  try {
    doc = path.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message.split("\n")[0] : String(err);
    out.errors.push(
      `config file ${path}: not valid ${path.endsWith(".json") ? "JSON" : "YAML"}: ${detail}`,
    );
    return out;
  }
  if (doc === null || doc === undefined) return out;
  if (!isObj(doc)) {
    out.errors.push(`config file ${path}: the top level must be a mapping of sections`);
    return out;
  }
  for (const [section, body] of Object.entries(doc)) {
    if (!SECTIONS.has(section)) {
      const flat = [...KEY_BY_PATH.keys()].find((p) => p.endsWith(`.${section}`));
      const hint = flat
        ? ` (settings live in sections: did you mean ${flat}?)`
        : didYouMean(section, SECTIONS);
      out.warnings.push(`config file ${path}: unknown section "${section}"${hint}`);
      continue;
    }
    // `server:` with every key commented out is an empty section (YAML null), not an error.
    if (body === null) continue;
    if (!isObj(body)) {
      out.errors.push(`config file ${path}: section "${section}" must be a mapping`);
      continue;
    }
    for (const [name, value] of Object.entries(body)) {
      const fullPath = `${section}.${name}`;
      const key = KEY_BY_PATH.get(fullPath);
      if (key) out.values.set(key, value);
      else {
        out.warnings.push(
          `config file ${path}: unknown key "${fullPath}"${
            didYouMean(fullPath, KEY_BY_PATH.keys())
          }`,
        );
      }
    }
  }
  return out;
}
