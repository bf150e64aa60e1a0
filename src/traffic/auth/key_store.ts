/**
 * The accepted API keys, read by the auth middleware on every request. Keys from
 * FAKEAI_API_KEYS / --api-key KEY are fixed for the process lifetime; keys from the keys files
 * (FAKEAI_API_KEYS_FILE, --api-key FILE) are re-read by `reloadFiles()` (on SIGHUP).
 */
import type { Config } from "../../config/schema.ts";
import { constantTimeEqual } from "../../util/constant_time.ts";
import { keyLines, sha256, type StoredKey, storedKey, utf8 } from "./api_keys.ts";

export type KeySettings = Pick<Config, "requireApiKey" | "apiKeys" | "apiKeysFile" | "hashApiKeys">;

export type ReloadResult = { ok: true; fromFiles: number } | { ok: false; error: string };

export class KeyStore {
  readonly #fixed: readonly StoredKey[];
  #fromFiles: readonly StoredKey[];

  private constructor(
    /** On: FAKEAI_REQUIRE_API_KEY=true, or a key source was given and it is not false. */
    readonly enabled: boolean,
    readonly files: readonly string[],
    readonly hashed: boolean,
    fixed: readonly StoredKey[],
    fromFiles: readonly StoredKey[],
  ) {
    this.#fixed = fixed;
    this.#fromFiles = fromFiles;
  }

  /** Every problem with the settings and files, or the store. */
  static load(settings: KeySettings): { store: KeyStore } | { problems: string[] } {
    const problems: string[] = [];
    const hash = settings.hashApiKeys;
    const fixed: StoredKey[] = [];
    settings.apiKeys.forEach((entry, i) => {
      // A multi-line value is a keys file's text (FAKEAI_API_KEYS="$(cat keys.txt)").
      const lines = entry.includes("\n") ? keyLines(entry) : [{ line: 1, value: entry.trim() }];
      for (const { line, value } of lines) {
        const key = storedKey(value, hash);
        if ("problem" in key) {
          const where = lines.length > 1 ? `, line ${line}` : "";
          problems.push(`authentication.api_keys entry ${i + 1}${where}: ${key.problem}`);
        } else fixed.push(key);
      }
    });
    const fromFiles: StoredKey[] = [];
    for (const path of settings.apiKeysFile) {
      const read = readKeysFile(path, hash);
      if ("problem" in read) problems.push(read.problem);
      else fromFiles.push(...read.keys);
    }
    const keysGiven = settings.apiKeys.length > 0 || settings.apiKeysFile.length > 0;
    // Unset follows the keys; an explicit false turns authentication off even with keys.
    const enabled = settings.requireApiKey ?? keysGiven;
    if (problems.length === 0 && enabled && fixed.length + fromFiles.length === 0) {
      problems.push(
        "no API keys configured: authentication is on (FAKEAI_REQUIRE_API_KEY or a keys file) " +
          "but no key was given; set FAKEAI_API_KEYS, FAKEAI_API_KEYS_FILE or --api-key",
      );
    }
    if (problems.length > 0) return { problems };
    return { store: new KeyStore(enabled, settings.apiKeysFile, hash, fixed, fromFiles) };
  }

  /** Number of accepted keys (duplicates counted). */
  get size(): number {
    return this.#fixed.length + this.#fromFiles.length;
  }

  /**
   * Whether `presented` is an accepted key. Compares against every key without stopping at a
   * match, each comparison in constant time, so the timing tells nothing about which bytes differ.
   */
  matches(presented: string): boolean {
    const bytes = utf8(presented);
    const digest = sha256(bytes);
    let found = 0;
    for (const keys of [this.#fixed, this.#fromFiles]) {
      for (const key of keys) {
        found |= constantTimeEqual(key.digest ? digest : bytes, key.bytes) ? 1 : 0;
      }
    }
    return found === 1;
  }

  /** Re-reads every keys file; on any problem the previous keys stay in force. */
  reloadFiles(): ReloadResult {
    const next: StoredKey[] = [];
    for (const path of this.files) {
      const read = readKeysFile(path, this.hashed);
      if ("problem" in read) return { ok: false, error: read.problem };
      next.push(...read.keys);
    }
    this.#fromFiles = next;
    return { ok: true, fromFiles: next.length };
  }
}

function readKeysFile(path: string, hash: boolean): { keys: StoredKey[] } | { problem: string } {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (err) {
    return { problem: `API keys file ${path}: cannot read it (${(err as Error).message})` };
  }
  const keys: StoredKey[] = [];
  for (const { line, value } of keyLines(text)) {
    const key = storedKey(value, hash);
    if ("problem" in key) return { problem: `API keys file ${path}, line ${line}: ${key.problem}` };
    keys.push(key);
  }
  return { keys };
}
