/** A fuzz case: one raw HTTP request with the answers that would be right for it. */
import type { RawRequest } from "../support/raw_http.ts";
import type { Prng } from "../../src/util/prng.ts";

export interface FuzzCase extends RawRequest {
  /** Names the case; `FUZZ_CASE=<part of the id>` runs only the matching cases. */
  id: string;
  /**
   * The statuses that are right, joined by "|": exact codes or classes ("2xx", "4xx"). A case
   * that may go either way names both, so every case states what it expects.
   */
  expect: string;
  /** A health report, not an API error, answers non-2xx (and its 503 is expected, not a fault). */
  report?: boolean;
  /**
   * Malformed HTTP (raw non-ASCII or control bytes in the request line): Deno's HTTP layer answers
   * 400 with an empty body before the app sees the request, so no envelope is asked for.
   */
  transport?: boolean;
  /** Names fixtures made before the run as `{name}` in its target or body. */
  fill?: boolean;
  /** A further check of a 2xx body: a problem, or null. */
  check?: (body: string, contentType: string) => string | null;
}

export const JSON_TYPE = ["content-type", "application/json"] as const;

const encoder = new TextEncoder();
export const utf8 = (text: string) => encoder.encode(text);

export function bytes(...parts: Array<string | Uint8Array | number[]>): Uint8Array {
  const arrays = parts.map((p) =>
    typeof p === "string" ? utf8(p) : p instanceof Uint8Array ? p : new Uint8Array(p)
  );
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.byteLength, 0));
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.byteLength;
  }
  return out;
}

export function jsonCase(
  id: string,
  path: string,
  body: string | Uint8Array,
  expect: string,
  headers: ReadonlyArray<readonly [string, string]> = [JSON_TYPE],
): FuzzCase {
  return {
    id,
    method: "POST",
    target: path,
    headers,
    body: typeof body === "string" ? utf8(body) : body,
    expect,
  };
}

/** The placeholder a mutated field's raw JSON replaces in the serialised body. */
export const HOLE = "@@FUZZ_VALUE@@";

/** `base` with the value at `path` replaced by HOLE (or removed), serialised. */
export function withHole(
  base: Record<string, unknown>,
  path: ReadonlyArray<string | number>,
  remove = false,
): string {
  const copy = structuredClone(base);
  let at: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (remove) delete at[last];
  else at[last] = HOLE;
  return JSON.stringify(copy);
}

export function fillHole(text: string, raw: string): string {
  return text.replace(`"${HOLE}"`, () => raw);
}

/** `count` distinct items of `items`, chosen by the PRNG, in their original order. */
export function sample<T>(prng: Prng, items: readonly T[], count: number): T[] {
  const picked = new Set<number>();
  while (picked.size < Math.min(count, items.length)) picked.add(prng.int(items.length));
  return [...picked].sort((a, b) => a - b).map((i) => items[i]);
}

export function matchesExpect(expect: string, status: number): boolean {
  return expect.split("|").some((alt) =>
    /^\dxx$/.test(alt) ? Math.floor(status / 100) === Number(alt[0]) : Number(alt) === status
  );
}

/** `count` distinct offsets in [1, end), ascending. */
export function cutPoints(prng: Prng, end: number, count: number): number[] {
  const points = new Set<number>();
  while (points.size < Math.min(count, end - 1)) points.add(1 + prng.int(end - 1));
  return [...points].sort((a, b) => a - b);
}
