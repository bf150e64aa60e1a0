/**
 * Compares a documented output with what the example really printed, field by field, and lists
 * every difference. What changes from run to run is masked:
 *
 * - `…` in a string matches any text there (`"id": "chatcmpl-…"`); a string that is only `…`
 *   matches any value; an object key `"…"` allows more keys than the page shows; `"…"` as the
 *   last array element allows more elements.
 * - Time fields (`created`, `created_at`, `timestamp`, `uptime`, …) only need the same JSON type.
 * - Text lines: `…` matches any text within a line, a line that is only `…` matches any number
 *   of lines, and a line that is JSON (or an SSE `data: {…}` line) is compared as JSON.
 * - HTTP (curl -i): the status line, then every header the page shows (others are ignored;
 *   `date`, `x-request-id` and `openai-processing-ms` only need to be present), then the body.
 */
import type { OutputKind } from "./markdown_examples.ts";

export const ELLIPSIS = "…";

/** JSON keys whose values depend on the clock: only the type is compared. */
export const TIME_KEYS = new Set([
  "created",
  "created_at",
  "completed_at",
  "expires_at",
  "in_progress_at",
  "finalizing_at",
  "failed_at",
  "cancelling_at",
  "cancelled_at",
  "expired_at",
  "timestamp",
  "first_timestamp",
  "last_timestamp",
  "uptime",
]);

/** Headers whose values change with every request. */
export const VOLATILE_HEADERS = new Set(["date", "x-request-id", "openai-processing-ms"]);

export function compareOutput(kind: OutputKind, expected: string, actual: string): string[] {
  if (kind === "json") return compareJsonText(expected, actual, "$");
  if (kind === "http") return compareHttp(expected, actual);
  return compareLines(expected, actual);
}

function compareJsonText(expected: string, actual: string, path: string): string[] {
  const exp = parseJson(expected);
  if (exp === undefined) return [`${path}: the documented output is not JSON`];
  const act = parseJson(actual);
  if (act === undefined) return [`${path}: expected JSON, got ${JSON.stringify(clip(actual))}`];
  return compareJson(exp, act, path);
}

export function compareJson(exp: unknown, act: unknown, path = "$"): string[] {
  if (exp === ELLIPSIS) return [];
  if (typeof exp === "string" && exp.includes(ELLIPSIS)) {
    return typeof act === "string" && glob(exp).test(act)
      ? []
      : [`${path}: expected ${JSON.stringify(exp)}, got ${JSON.stringify(act)}`];
  }
  if (Array.isArray(exp)) {
    if (!Array.isArray(act)) return [`${path}: expected an array, got ${describe(act)}`];
    const open = exp.at(-1) === ELLIPSIS;
    const shown = open ? exp.slice(0, -1) : exp;
    const problems: string[] = [];
    if (open ? act.length < shown.length : act.length !== shown.length) {
      problems.push(
        `${path}: expected ${open ? "at least " : ""}${shown.length} elements, got ${act.length}`,
      );
    }
    shown.forEach((e, i) => {
      if (i < act.length) problems.push(...compareJson(e, act[i], `${path}[${i}]`));
    });
    return problems;
  }
  if (isObject(exp)) {
    if (!isObject(act)) return [`${path}: expected an object, got ${describe(act)}`];
    const problems: string[] = [];
    for (const [key, value] of Object.entries(exp)) {
      if (key === ELLIPSIS) continue;
      const sub = `${path}.${key}`;
      if (!(key in act)) problems.push(`${sub}: missing`);
      else if (TIME_KEYS.has(key) && value !== ELLIPSIS) {
        if (describe(value) !== describe(act[key])) {
          problems.push(`${sub}: expected ${describe(value)}, got ${describe(act[key])}`);
        }
      } else problems.push(...compareJson(value, act[key], sub));
    }
    if (!(ELLIPSIS in exp)) {
      for (const key of Object.keys(act)) {
        if (!(key in exp)) {
          problems.push(`${path}.${key}: not documented (value ${JSON.stringify(act[key])})`);
        }
      }
    }
    return problems;
  }
  return Object.is(exp, act) || exp === act
    ? []
    : [`${path}: expected ${JSON.stringify(exp)}, got ${JSON.stringify(act)}`];
}

/** Line-by-line comparison; a line that is only `…` matches any number of lines. */
export function compareLines(expected: string, actual: string, where = "line"): string[] {
  const exp = trimLines(expected);
  const act = trimLines(actual);
  // memo[i][j]: can exp[i..] match act[j..]?
  const memo = new Map<string, boolean>();
  const fits = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let ok: boolean;
    if (i === exp.length) ok = j === act.length;
    else if (exp[i] === ELLIPSIS) ok = fits(i + 1, j) || (j < act.length && fits(i, j + 1));
    else ok = j < act.length && lineProblems(exp[i], act[j], "").length === 0 && fits(i + 1, j + 1);
    memo.set(key, ok);
    return ok;
  };
  if (fits(0, 0)) return [];
  // Explain the first difference, walking both in step until an ellipsis line.
  for (let i = 0, j = 0; i < exp.length || j < act.length; i++, j++) {
    if (exp[i] === ELLIPSIS) break;
    if (i >= exp.length) return [`${where} ${j + 1}: not documented: ${JSON.stringify(act[j])}`];
    if (j >= act.length) return [`${where} ${i + 1}: missing: ${JSON.stringify(exp[i])}`];
    const problems = lineProblems(exp[i], act[j], `${where} ${i + 1}`);
    if (problems.length > 0) return problems;
  }
  return [`the output does not match (around an ellipsis line):\n${actual}`];
}

function lineProblems(exp: string, act: string, where: string): string[] {
  const prefix = exp.match(/^(data: )?(?=[[{])/);
  if (prefix) {
    const p = prefix[1] ?? "";
    const e = parseJson(exp.slice(p.length));
    if (e !== undefined && act.startsWith(p)) {
      const a = parseJson(act.slice(p.length));
      if (a !== undefined) return compareJson(e, a, `${where} $`);
    }
  }
  if (exp === act || (exp.includes(ELLIPSIS) && glob(exp).test(act))) return [];
  return [
    `${where}: expected ${JSON.stringify(exp)}\n${" ".repeat(where.length)}       got ${
      JSON.stringify(act)
    }`,
  ];
}

function compareHttp(expected: string, actual: string): string[] {
  const exp = splitHttp(expected);
  const act = splitHttp(actual);
  if (!act) return [`expected an HTTP response (curl -i), got ${JSON.stringify(clip(actual))}`];
  if (!exp) return ["the documented output does not start with an HTTP status line"];
  const problems = lineProblems(exp.status, act.status, "status line");
  for (const [name, value] of exp.headers) {
    const got = act.headers.filter(([n]) => n === name).map(([, v]) => v);
    if (got.length === 0) problems.push(`header ${name}: missing`);
    else if (VOLATILE_HEADERS.has(name)) continue;
    else if (!got.some((g) => g === value || (value.includes(ELLIPSIS) && glob(value).test(g)))) {
      problems.push(
        `header ${name}: expected ${JSON.stringify(value)}, got ${JSON.stringify(got)}`,
      );
    }
  }
  const body = exp.body.trim();
  if (body.startsWith("{") && parseJson(body) !== undefined) {
    problems.push(...compareJsonText(body, act.body, "body $"));
  } else problems.push(...compareLines(exp.body, act.body, "body line"));
  return problems;
}

function splitHttp(text: string) {
  const normal = text.replaceAll("\r\n", "\n");
  const blank = normal.indexOf("\n\n");
  const head = (blank === -1 ? normal : normal.slice(0, blank)).split("\n");
  if (!/^HTTP\/[\d.]+ \d{3}/.test(head[0] ?? "")) return undefined;
  const headers = head.slice(1).map((line): [string, string] => {
    const colon = line.indexOf(":");
    return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
  });
  return { status: head[0].trim(), headers, body: blank === -1 ? "" : normal.slice(blank + 2) };
}

function trimLines(text: string): string[] {
  const lines = text.replaceAll("\r\n", "\n").split("\n").map((l) => l.trimEnd());
  while (lines.length > 0 && lines.at(-1) === "") lines.pop();
  while (lines.length > 0 && lines[0] === "") lines.shift();
  return lines;
}

function glob(pattern: string): RegExp {
  const parts = pattern.split(ELLIPSIS).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join("[\\s\\S]*")}$`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);

function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  return typeof x === "object" ? "an object" : `a ${typeof x}`;
}

const clip = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}…` : s);
