/**
 * API key entries as the configuration writes them: a plain key, or `sha256:<64 hex>` (a digest,
 * so the plaintext never has to be written anywhere), and keys files (one key per line).
 */
import { createHash } from "node:crypto";

/** One accepted key: its bytes, or the SHA-256 digest of its bytes. */
export interface StoredKey {
  readonly digest: boolean;
  readonly bytes: Uint8Array;
}

const DIGEST_PREFIX = "sha256:";
const HEX_DIGEST = /^[0-9a-f]{64}$/i;
const encoder = new TextEncoder();

export function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(bytes).digest());
}

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * One configured entry → what the key store keeps. With `hash`, plain keys are digested at once
 * and the plaintext is not kept. Returns a problem (that never echoes the entry) instead.
 */
export function storedKey(entry: string, hash: boolean): StoredKey | { problem: string } {
  if (entry.toLowerCase().startsWith(DIGEST_PREFIX)) {
    const hex = entry.slice(DIGEST_PREFIX.length);
    if (!HEX_DIGEST.test(hex)) {
      return { problem: "a sha256: entry needs exactly 64 hex digits after the prefix" };
    }
    return { digest: true, bytes: hexBytes(hex) };
  }
  if (/\s/.test(entry)) return { problem: "an API key cannot contain spaces" };
  const bytes = utf8(entry);
  return hash ? { digest: true, bytes: sha256(bytes) } : { digest: false, bytes };
}

export interface KeyLine {
  /** 1-based line number in its text. */
  line: number;
  value: string;
}

/**
 * Keys text (a keys file, or a multi-line FAKEAI_API_KEYS such as `$(cat keys.txt)`): one key per
 * line; blank lines and lines starting with `#` are skipped, and so is a ` # comment` after a key.
 */
export function keyLines(text: string): KeyLine[] {
  const out: KeyLine[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const value = raw.replace(/(^|\s)#.*$/, "").trim();
    if (value !== "") out.push({ line: i + 1, value });
  });
  return out;
}

/**
 * How OpenAI echoes a rejected key: the first 8 and last 4 characters with a star for each one in
 * between (`sk-VKMIs***…***wjh3`); keys of 12 characters or fewer are echoed whole.
 */
export function maskApiKey(key: string): string {
  const chars = Array.from(key);
  if (chars.length <= 12) return key;
  return chars.slice(0, 8).join("") + "*".repeat(chars.length - 12) + chars.slice(-4).join("");
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
