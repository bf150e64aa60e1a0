/**
 * Scenario files: rules of `match` and `respond` that script answers for application tests
 * (docs/scenarios.md). This module holds the file format (one zod schema) and turns a parsed file
 * into rules, or into problems naming the file, the rule and the field.
 */
import { z } from "zod";
import { parseFaultSpec } from "../../config/stream_faults.ts";

const textTest = z.union([
  z.string(),
  z.object({ contains: z.string() }).strict(),
  z.object({ regex: z.string() }).strict(),
  z.object({ equals: z.string() }).strict(),
]);

const toolCall = z.object({
  name: z.string().min(1),
  arguments: z.union([z.record(z.string(), z.unknown()), z.string()]).default({}),
}).strict();

const reply = z.object({
  content: z.string().optional(),
  tool_calls: z.array(toolCall).min(1).optional(),
  refusal: z.string().optional(),
  reasoning: z.string().optional(),
  error: z.object({
    status: z.number().int().min(400).max(599),
    type: z.string().default("server_error"),
    code: z.string().nullable().default(null),
    message: z.string(),
  }).strict().optional(),
  finish_reason: z.enum(["stop", "length", "tool_calls", "content_filter"]).optional(),
  /** A stream fault, as the x-fakeai-fault header writes it (streamed requests only). */
  stream_fault: z.string().optional(),
  ttft_ms: z.number().min(0).optional(),
  itl_ms: z.number().min(0).optional(),
  /** What a recording measured upstream; used when the file says `timing: recorded`. */
  recorded_timing: z.object({ ttft_ms: z.number().min(0), itl_ms: z.number().min(0) }).strict()
    .optional(),
}).strict();

const rule = z.object({
  name: z.string().min(1),
  match: z.object({
    endpoint: z.string().optional(),
    model: z.string().optional(),
    last_user_message: textTest.optional(),
    any_message: textTest.optional(),
    system_prompt: textTest.optional(),
    tools_offered: z.union([z.string(), z.array(z.string())]).optional(),
    tool_result_for: z.string().optional(),
    header: z.record(z.string(), z.string()).optional(),
    nth: z.number().int().min(1).optional(),
    /** A recorded request exactly (see request_digest.ts). */
    request_digest: z.string().optional(),
  }).strict().default({}),
  respond: z.union([reply, z.object({ sequence: z.array(reply).min(1) }).strict()]),
}).strict();

const file = z.object({
  strict: z.boolean().optional(),
  /** Replay recorded rules with their recorded TTFT/ITL instead of FakeAI's configured ones. */
  timing: z.enum(["fakeai", "recorded"]).optional(),
  rules: z.array(rule),
}).strict();

export type TextTest = z.infer<typeof textTest>;
export type ScriptedReplySpec = z.infer<typeof reply>;
export type ScenarioRuleSpec = z.infer<typeof rule>;

/** A rule ready to match: its text tests compiled, its replies in order. */
export interface ScenarioRule {
  name: string;
  file: string;
  match: ScenarioRuleSpec["match"];
  replies: ScriptedReplySpec[];
  /** The file asks for recorded timing (`timing: recorded`). */
  recordedTiming: boolean;
  /** Compiled tests of the text fields, by field. */
  tests: Partial<Record<TextField, (text: string) => boolean>>;
}

export type TextField = "last_user_message" | "any_message" | "system_prompt";
const TEXT_FIELDS: TextField[] = ["last_user_message", "any_message", "system_prompt"];

export interface ParsedScenarioFile {
  rules: ScenarioRule[];
  strict?: boolean;
}

/** The rules of one file's parsed content, or its problems ("FILE: rule NAME: field: why"). */
export function scenarioRules(
  path: string,
  content: unknown,
): ParsedScenarioFile | { problems: string[] } {
  const parsed = file.safeParse(content);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => {
        const [top, index, ...rest] = issue.path;
        const rules = Array.isArray((content as { rules?: unknown })?.rules)
          ? (content as { rules: Array<{ name?: unknown }> }).rules
          : [];
        const name = top === "rules" && typeof index === "number"
          ? `rule ${typeof rules[index]?.name === "string" ? rules[index].name : `#${index + 1}`}: `
          : "";
        const field = (top === "rules" ? rest : issue.path).join(".");
        return `${path}: ${name}${field ? `${field}: ` : ""}${issue.message}`;
      }),
    };
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  const rules = parsed.data.rules.map((spec): ScenarioRule => {
    if (seen.has(spec.name)) problems.push(`${path}: rule ${spec.name}: name used twice`);
    seen.add(spec.name);
    const tests: ScenarioRule["tests"] = {};
    for (const field of TEXT_FIELDS) {
      const test = spec.match[field];
      if (test === undefined) continue;
      const compiled = compileTest(test);
      if (typeof compiled === "string") {
        problems.push(`${path}: rule ${spec.name}: match.${field}.regex: ${compiled}`);
      } else tests[field] = compiled;
    }
    const replies = "sequence" in spec.respond ? spec.respond.sequence : [spec.respond];
    replies.forEach((r, i) => {
      const where = replies.length > 1 ? `respond.sequence.${i}` : "respond";
      const kinds = [r.content, r.tool_calls, r.refusal, r.error].filter((x) => x !== undefined);
      if (kinds.length === 0) {
        problems.push(
          `${path}: rule ${spec.name}: ${where}: give content, tool_calls, refusal or error`,
        );
      }
      if (r.stream_fault !== undefined) {
        const fault = parseFaultSpec(r.stream_fault, false);
        if (!fault.ok) {
          problems.push(`${path}: rule ${spec.name}: ${where}.stream_fault: ${fault.error}`);
        }
      }
      if (r.refusal !== undefined && (r.content !== undefined || r.tool_calls !== undefined)) {
        problems.push(`${path}: rule ${spec.name}: ${where}: a refusal stands alone`);
      }
    });
    const recordedTiming = parsed.data.timing === "recorded";
    return { name: spec.name, file: path, match: spec.match, replies, recordedTiming, tests };
  });
  if (problems.length > 0) return { problems };
  return { rules, strict: parsed.data.strict };
}

/** A text test as a function; a bad regex is a problem string. */
function compileTest(test: TextTest): ((text: string) => boolean) | string {
  if (typeof test === "string") return (text) => text.includes(test);
  if ("contains" in test) return (text) => text.includes(test.contains);
  if ("equals" in test) return (text) => text === test.equals;
  try {
    const regex = new RegExp(test.regex);
    return (text) => regex.test(text);
  } catch (err) {
    return (err as Error).message;
  }
}
