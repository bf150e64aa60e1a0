/**
 * Which functions the simulated model calls — a documented, deterministic rule:
 * - tool_choice "none", or no tools: no call.
 * - a named function: exactly that one.
 * - "auto": when the latest message is a tool/function result, answer in text. Otherwise call the
 *   tools that share a word with the latest user message (name split on _ - and camelCase, plus
 *   description), best match first; every matching tool when parallel_tool_calls is not false,
 *   else only the best. No match → answer in text.
 * - "required": as "auto", but never text: after a tool result or without a match, the best
 *   match (or the first tool) is called.
 */

export interface ToolDef {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
}

export type ToolChoice = "none" | "auto" | "required" | { name: string };

export interface ToolContext {
  tools: readonly ToolDef[];
  choice: ToolChoice;
  parallel: boolean;
  lastRole: string;
  lastUserText: string;
}

export function selectTools(ctx: ToolContext): ToolDef[] {
  if (ctx.tools.length === 0 || ctx.choice === "none") return [];
  if (typeof ctx.choice === "object") {
    const name = ctx.choice.name;
    const tool = ctx.tools.find((t) => t.name === name);
    return tool ? [tool] : [];
  }
  const afterToolResult = ctx.lastRole === "tool" || ctx.lastRole === "function";
  if (afterToolResult && ctx.choice === "auto") return [];
  const ranked = rankByOverlap(ctx.tools, ctx.lastUserText);
  const matching = ranked.filter((r) => r.score > 0).map((r) => r.tool);
  if (matching.length === 0 || afterToolResult) {
    return ctx.choice === "required" ? [matching[0] ?? ctx.tools[0]] : [];
  }
  return ctx.parallel ? matching : [matching[0]];
}

function rankByOverlap(tools: readonly ToolDef[], text: string) {
  const words = new Set(wordsOf(text));
  return tools
    .map((tool, index) => {
      const toolWords = new Set([
        ...wordsOf(splitIdentifier(tool.name)),
        ...wordsOf(tool.description ?? ""),
      ]);
      let score = 0;
      for (const w of toolWords) if (words.has(w)) score++;
      return { tool, index, score };
    })
    .sort((a, b) => b.score - a.score || a.index - b.index);
}

const STOPWORDS = new Set([
  "the",
  "a",
  "an",
  "and",
  "or",
  "of",
  "to",
  "in",
  "on",
  "for",
  "is",
  "are",
  "was",
  "be",
  "it",
  "this",
  "that",
  "with",
  "as",
  "at",
  "by",
  "from",
  "what",
  "which",
  "me",
  "my",
  "you",
  "your",
  "i",
  "do",
  "does",
  "can",
  "get",
  "please",
  "how",
]);

export function wordsOf(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 1 && !STOPWORDS.has(w));
}

/**
 * Up to `limit` distinct content words (4+ letters) of a text, in order, to steer the prose's
 * topic: what wordsOf would keep, in one pass that stops once it has enough (a prompt of any
 * length costs only its first words; this runs for every request).
 */
export function topicWordsIn(text: string, limit = 12): string[] {
  const lower = text.toLowerCase();
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= lower.length && out.length < limit; i++) {
    const ch = i < lower.length ? lower.charCodeAt(i) : 0;
    const inWord = (ch >= 97 && ch <= 122) || (ch >= 48 && ch <= 57);
    if (inWord) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0 && i - start >= 4) {
      const word = lower.slice(start, i);
      if (!STOPWORDS.has(word) && !out.includes(word)) out.push(word);
    }
    start = -1;
  }
  return out;
}

function splitIdentifier(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ");
}
