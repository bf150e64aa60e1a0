/**
 * What every answer must be: within the time limit, never a 5xx, the status the case expects,
 * errors in OpenAI's envelope, and no stack trace or source path anywhere in the body.
 */
import type { RawOutcome } from "../support/raw_http.ts";
import { type FuzzCase, matchesExpect } from "./fuzz_case.ts";

export const ANSWER_LIMIT_MS = 5_000;

/**
 * A V8 stack frame (`    at f (file:///x.ts:1:2)`), an error name with a frame under it, a
 * source URL, or a serialised `stack`. Plain text answers (srt, vtt) may have lines starting
 * with "at", so a frame needs its line:column.
 */
const STACK_TEXT = [
  /\n[ \t]+at [^\n]*:\d+:\d+\)?(?:\n|$)/,
  /\b[A-Z][A-Za-z]*Error: [^\n]*\n[ \t]+at /,
  /(?:file|ext):\/\/\//,
  /"stack"\s*:/,
];

export function judge(c: FuzzCase, outcome: RawOutcome): string | null {
  if ("failure" in outcome) return outcome.failure;
  const problems: string[] = [];
  if (outcome.ms > ANSWER_LIMIT_MS) problems.push(`answered after ${outcome.ms} ms`);
  const text = new TextDecoder("latin1").decode(outcome.body);
  const snippet = JSON.stringify(text.slice(0, 300));
  const reported = c.report === true && outcome.status === 503;
  if (outcome.status >= 500 && !reported) problems.push(`${outcome.status} ${snippet}`);
  else if (!matchesExpect(c.expect, outcome.status)) {
    problems.push(`expected ${c.expect}, got ${outcome.status} ${snippet}`);
  }
  const stack = STACK_TEXT.find((re) => re.test(text));
  if (stack) problems.push(`stack text (${stack}) in ${snippet}`);
  const type = outcome.headers.get("content-type") ?? "";
  const bare = c.transport === true && outcome.status === 400 && outcome.body.byteLength === 0;
  if (outcome.status >= 400 && c.method !== "HEAD" && !reported && !bare) {
    const shape = envelopeProblem(type, text);
    if (shape) problems.push(`${shape}: ${snippet}`);
  } else if (outcome.status < 300 && c.method !== "HEAD") {
    const body = new TextDecoder().decode(outcome.body);
    const problem = type.startsWith("application/json") && !isJson(body)
      ? `2xx body is not JSON: ${snippet}`
      : c.check?.(body, type);
    if (problem) problems.push(problem);
  }
  return problems.length > 0 ? problems.join("; ") : null;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function envelopeProblem(type: string, text: string): string | null {
  if (!type.startsWith("application/json")) return `error content-type ${JSON.stringify(type)}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return "error body is not JSON";
  }
  const error = (body as { error?: Record<string, unknown> })?.error;
  if (typeof error !== "object" || error === null) return "no error object";
  const keys = Object.keys(body as object);
  if (keys.length !== 1) return `envelope keys ${keys.join(",")}`;
  if (typeof error.message !== "string" || error.message === "") return "error.message";
  if (typeof error.type !== "string" || error.type === "") return "error.type";
  if (!("param" in error) || (error.param !== null && typeof error.param !== "string")) {
    return "error.param";
  }
  if (!("code" in error) || (error.code !== null && typeof error.code !== "string")) {
    return "error.code";
  }
  return null;
}
