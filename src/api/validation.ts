/** zod validation → OpenAI-shaped 400 errors naming the offending parameter. */
import type { z } from "zod";
import { type ApiError, errors } from "../server/errors.ts";

export function parseRequest<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body, { reportInput: true });
  if (result.success) return result.data;
  throw issueToError(result.error.issues[0]);
}

/** "messages[0].content" from ["messages", 0, "content"]. */
export function paramPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}

type Issue = z.core.$ZodIssue;

function issueToError(issue: Issue): ApiError {
  const param = paramPath(issue.path);
  const bad = (message: string, code: string) => errors.invalidParam(param || null, message, code);
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) {
        return bad(`Missing required parameter: '${param}'.`, "missing_required_parameter");
      }
      return bad(
        `Invalid type for '${param}': expected ${article(issue.expected)}, but got ${
          describe(issue.input)
        } instead.`,
        "invalid_type",
      );
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const below = issue.code === "too_small";
      if (issue.origin === "array" || issue.origin === "string") {
        const what = issue.origin === "array" ? "array" : "string";
        const side = below ? "too short" : "too long";
        const cmp = below ? "minimum" : "maximum";
        return bad(
          `Invalid '${param}': ${what} ${side}. Expected an ${what} with ${cmp} length ${bound}, but got ${
            lengthOf(issue.input)
          } instead.`,
          below ? `${what}_below_min_length` : `${what}_above_max_length`,
        );
      }
      const kind = Number.isInteger(issue.input) ? "integer" : "decimal";
      const op = below ? ">=" : "<=";
      return bad(
        `Invalid '${param}': ${kind} ${below ? "below minimum" : "above maximum"} value. ` +
          `Expected a value ${op} ${bound}, but got ${String(issue.input)} instead.`,
        `${kind}_${below ? "below_min" : "above_max"}_value`,
      );
    }
    case "invalid_value":
      return bad(
        `Invalid value: ${quote(issue.input)}. Supported values are: ${
          issue.values.map(quote).join(", ")
        }.`,
        "invalid_value",
      );
    case "invalid_union": {
      const options = "options" in issue ? (issue.options as unknown[]) : undefined;
      if (options) {
        // A discriminated union reports the whole object as input: name its discriminator value.
        const key = "discriminator" in issue ? String(issue.discriminator) : undefined;
        const input = key !== undefined && typeof issue.input === "object" && issue.input !== null
          ? (issue.input as Record<string, unknown>)[key]
          : issue.input;
        if (input === undefined) {
          return bad(`Missing required parameter: '${param}'.`, "missing_required_parameter");
        }
        return bad(
          `Invalid value: ${quote(input)}. Supported values are: ${options.map(quote).join(", ")}.`,
          "invalid_value",
        );
      }
      return bad(
        `Invalid type for '${param}': got ${
          describe(issue.input)
        }, which is not one of the accepted forms.`,
        "invalid_type",
      );
    }
    default:
      return bad(`Invalid '${param}': ${issue.message}.`, "invalid_value");
  }
}

function quote(v: unknown): string {
  return typeof v === "string" ? `'${v}'` : JSON.stringify(v) ?? String(v);
}

function article(expected: string): string {
  if (expected === "int") return "an integer";
  if (expected === "array") return "an array";
  if (expected === "object") return "an object";
  return `a ${expected}`;
}

function lengthOf(v: unknown): number {
  return Array.isArray(v) || typeof v === "string" ? v.length : 0;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "number") return Number.isInteger(v) ? "an integer" : "a decimal";
  if (typeof v === "object") return "an object";
  if (typeof v === "string") return "a string";
  return `a ${typeof v}`;
}
