/**
 * The loaded scenario rules and their state: which rule answers a request (first match wins; the
 * x-fakeai-scenario header names one directly), how many times each rule has matched in each
 * conversation (for `nth` and `sequence`), and hit counts. Reloading keeps the old rules when a
 * file is bad.
 */
import { parse as parseYaml } from "yaml";
import { type ChatMessageLike, chatPromptText } from "../prompt_tokens.ts";
import { requestDigest } from "./request_digest.ts";

/** One message's text (its string content, or its text parts). */
const textOf = (message: ChatMessageLike | undefined) => message ? chatPromptText([message]) : "";
import {
  type ParsedScenarioFile,
  type ScenarioRule,
  scenarioRules,
  type ScriptedReplySpec,
} from "./scenario_rules.ts";

export const SCENARIO_HEADER = "x-fakeai-scenario";
export const STRICT_HEADER = "x-fakeai-scenario-strict";
/** Counts `nth` and `sequence` per test when given, else per conversation (its first message). */
export const TEST_ID_HEADER = "x-fakeai-test-id";

export interface ScenarioRequest {
  endpoint: string;
  model: string;
  messages: readonly ChatMessageLike[];
  /** Names of the tools the request offers. */
  tools: readonly string[];
  header(name: string): string | undefined;
}

export type ScenarioDecision =
  | { kind: "scripted"; rule: ScenarioRule; reply: ScriptedReplySpec }
  | { kind: "generated" }
  /** Strict mode and no rule matched, or the header named an unknown rule. */
  | { kind: "unmatched"; named?: string };

export interface RuleStatus {
  name: string;
  file: string;
  hits: number;
}

export class ScenarioBook {
  #rules: ScenarioRule[] = [];
  #strict = false;
  /** Matches so far by rule, then by conversation. */
  #counts = new Map<string, Map<string, number>>();
  #hits = new Map<string, number>();

  constructor(readonly paths: readonly string[], private readonly strictSetting = false) {}

  get size(): number {
    return this.#rules.length;
  }

  get strict(): boolean {
    return this.#strict;
  }

  /** (Re)reads every path; on problems the rules loaded before stay. */
  load(): { ok: true; rules: number } | { ok: false; problems: string[] } {
    const read = readScenarioPaths(this.paths);
    if ("problems" in read) return { ok: false, problems: read.problems };
    this.#rules = read.rules;
    this.#strict = this.strictSetting || read.strict;
    const names = new Set(read.rules.map((r) => r.name));
    for (const name of [...this.#hits.keys()]) if (!names.has(name)) this.#hits.delete(name);
    return { ok: true, rules: read.rules.length };
  }

  status(): RuleStatus[] {
    return this.#rules.map((r) => ({
      name: r.name,
      file: r.file,
      hits: this.#hits.get(r.name) ?? 0,
    }));
  }

  /** Clears the nth/sequence counters and the hit counts. */
  reset(): void {
    this.#counts.clear();
    this.#hits.clear();
  }

  decide(request: ScenarioRequest): ScenarioDecision {
    const strict = this.#strict || request.header(STRICT_HEADER)?.toLowerCase() === "true";
    if (this.#rules.length === 0 && !strict) return { kind: "generated" };
    const named = request.header(SCENARIO_HEADER);
    const facts = factsOf(request);
    if (named !== undefined) {
      const rule = this.#rules.find((r) => r.name === named);
      return rule ? this.#answer(rule, facts.conversation) : { kind: "unmatched", named };
    }
    for (const rule of this.#rules) {
      if (!matches(rule, request, facts)) continue;
      const count = this.#count(rule, facts.conversation);
      if (rule.match.nth !== undefined && count !== rule.match.nth) continue;
      return this.#reply(rule, count);
    }
    return strict ? { kind: "unmatched" } : { kind: "generated" };
  }

  #answer(rule: ScenarioRule, conversation: string): ScenarioDecision {
    return this.#reply(rule, this.#count(rule, conversation));
  }

  #reply(rule: ScenarioRule, count: number): ScenarioDecision {
    this.#hits.set(rule.name, (this.#hits.get(rule.name) ?? 0) + 1);
    const reply = rule.replies[Math.min(count, rule.replies.length) - 1];
    return { kind: "scripted", rule, reply };
  }

  #count(rule: ScenarioRule, conversation: string): number {
    let byConversation = this.#counts.get(rule.name);
    if (!byConversation) this.#counts.set(rule.name, byConversation = new Map());
    const count = (byConversation.get(conversation) ?? 0) + 1;
    byConversation.set(conversation, count);
    return count;
  }
}

interface Facts {
  conversation: string;
  last: ChatMessageLike | undefined;
  /** The request's digest, worked out on first use (only recorded rules ask). */
  digest(): string;
}

function factsOf(request: ScenarioRequest): Facts {
  const first = request.messages.find((m) => m.role === "user");
  const conversation = request.header(TEST_ID_HEADER) ?? textOf(first);
  let digest: string | undefined;
  return {
    conversation,
    last: request.messages[request.messages.length - 1],
    digest: () =>
      digest ??= requestDigest(request.endpoint, request.model, request.messages, request.tools),
  };
}

function matches(rule: ScenarioRule, request: ScenarioRequest, facts: Facts): boolean {
  const m = rule.match;
  const { tests } = rule;
  if (m.endpoint !== undefined && m.endpoint !== request.endpoint) return false;
  if (m.request_digest !== undefined && m.request_digest !== facts.digest()) return false;
  if (m.model !== undefined && !globMatch(m.model, request.model)) return false;
  // The model answers the user: the conversation ends with a user message.
  if (tests.last_user_message) {
    if (facts.last?.role !== "user" || !tests.last_user_message(textOf(facts.last))) return false;
  }
  if (tests.any_message && !request.messages.some((msg) => tests.any_message!(textOf(msg)))) {
    return false;
  }
  if (tests.system_prompt) {
    const system = request.messages.filter((msg) =>
      msg.role === "system" || msg.role === "developer"
    );
    if (!tests.system_prompt(system.map(textOf).join("\n"))) return false;
  }
  if (m.tools_offered !== undefined) {
    const wanted = typeof m.tools_offered === "string" ? [m.tools_offered] : m.tools_offered;
    if (!wanted.every((name) => request.tools.includes(name))) return false;
  }
  if (m.tool_result_for !== undefined && !endsWithResultOf(request.messages, m.tool_result_for)) {
    return false;
  }
  if (m.header) {
    for (const [name, value] of Object.entries(m.header)) {
      if (request.header(name) !== value) return false;
    }
  }
  return true;
}

/** The conversation ends with tool results, one of them answering a call to `tool`. */
function endsWithResultOf(messages: readonly ChatMessageLike[], tool: string): boolean {
  const results = new Set<string>();
  let i = messages.length - 1;
  for (; i >= 0 && messages[i].role === "tool"; i--) results.add(messages[i].tool_call_id ?? "");
  if (results.size === 0) return false;
  for (; i >= 0; i--) {
    const calls = messages[i].tool_calls;
    if (!Array.isArray(calls)) continue;
    for (const call of calls as Array<{ id?: string; function?: { name?: string } }>) {
      if (call.function?.name === tool && results.has(call.id ?? "")) return true;
    }
  }
  return false;
}

/** `*` any run of characters, `?` one; the rest literal. */
function globMatch(glob: string, text: string): boolean {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(
    /\?/g,
    ".",
  );
  return new RegExp(`^${escaped}$`).test(text);
}

/** Every scenario file under `paths` (files, or folders of .yaml/.yml/.json files), in order. */
export function readScenarioPaths(
  paths: readonly string[],
): { rules: ScenarioRule[]; strict: boolean } | { problems: string[] } {
  const problems: string[] = [];
  const rules: ScenarioRule[] = [];
  let strict = false;
  for (const file of scenarioFiles(paths, problems)) {
    const parsed = readScenarioFile(file);
    if ("problems" in parsed) problems.push(...parsed.problems);
    else {
      rules.push(...parsed.rules);
      strict ||= parsed.strict === true;
    }
  }
  const names = new Set<string>();
  for (const rule of rules) {
    if (names.has(rule.name)) problems.push(`${rule.file}: rule ${rule.name}: name used twice`);
    names.add(rule.name);
  }
  return problems.length > 0 ? { problems } : { rules, strict };
}

function readScenarioFile(path: string): ParsedScenarioFile | { problems: string[] } {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (err) {
    return { problems: [`${path}: cannot read: ${(err as Error).message}`] };
  }
  let content: unknown;
  try {
    content = path.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    return {
      problems: [
        `${path}: not valid ${path.endsWith(".json") ? "JSON" : "YAML"}: ${
          (err as Error).message.split("\n")[0]
        }`,
      ],
    };
  }
  return scenarioRules(path, content);
}

function scenarioFiles(paths: readonly string[], problems: string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    let info: Deno.FileInfo;
    try {
      info = Deno.statSync(path);
    } catch (err) {
      problems.push(`${path}: cannot read: ${(err as Error).message}`);
      continue;
    }
    if (!info.isDirectory) {
      files.push(path);
      continue;
    }
    const inside = [...Deno.readDirSync(path)]
      .filter((e) => e.isFile && /\.(ya?ml|json)$/.test(e.name))
      .map((e) => `${path}/${e.name}`)
      .sort();
    files.push(...inside);
  }
  return files;
}
