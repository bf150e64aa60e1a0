/**
 * Injection detection: scores a text by the weighted signals it shows (injection_signals.ts) and
 * flags it at a total weight of 1. Encoded payloads (percent-encoding, HTML character references,
 * text data: URIs in base64) are checked decoded too. A signal only counts where it acts
 * (injection_context.ts): a payload in a text that discusses it (a question, a review, a test, a
 * write-up) and an instruction override quoted by such a text are mentions, not attacks. Who
 * wrote the text matters too (TextSource). Pure and deterministic.
 */
import { contextOf, isQuoted, isReported, type TextContext } from "./injection_context.ts";
import {
  type InjectionCategory,
  QUERY_OPERATOR_KEYS,
  type Signal,
  SIGNALS,
  TERMS,
} from "./injection_signals.ts";

export const FLAG_THRESHOLD = 1;

/**
 * Who wrote a text: the client's input (user turns, tool results, documents; the default), or the
 * developer's own instructions (system and developer messages, tool definitions), which cannot
 * inject instructions: there only payload signals apply.
 */
export type TextSource = "input" | "instructions";
/** Longest decoded data: URI payload that is scanned. */
const MAX_DECODED_DATA_URI = 65_536;

export interface Detection {
  /** The category with the largest share of the score. */
  category: InjectionCategory;
  score: number;
  /** Ids of the signals that matched. */
  signals: string[];
}

export const CATEGORY_DESCRIPTIONS: Readonly<Record<InjectionCategory, string>> = {
  prompt_injection: "a prompt-injection attempt",
  sql_injection: "an SQL injection payload",
  xss: "a cross-site scripting payload",
  path_traversal: "a path traversal payload",
  shell_injection: "a shell command injection payload",
  template_injection: "a template injection payload",
  nosql_ldap_injection: "a NoSQL or LDAP injection payload",
  xxe_ssrf: "an XML external entity or request forgery payload",
};

// Zero-width and formatting characters used to split trigger words ("ig\u200Bnore").
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;
const TEXT_DATA_URI =
  /data:(?:text\/[\w.+-]+|[\w.+-]+\/[\w.+-]*(?:html|javascript|xml|svg)[\w.+-]*);base64,([a-z0-9+/=]+)/gi;

/** The score of one text; null when it stays under the threshold. */
export function detectInjection(text: string, source: TextSource = "input"): Detection | null {
  const variants = [normalize(text)];
  if (/%[0-9a-f]{2}/i.test(text)) {
    const decoded = percentDecode(text);
    if (decoded !== text) variants.push(normalize(decoded));
  }
  if (text.includes("&#")) variants.push(normalize(decodeCharacterReferences(text)));
  for (const payload of decodedDataUris(text)) variants.push(normalize(payload));
  const matched: Match[] = [];
  let score = 0;
  for (const signal of SIGNALS) {
    if (source === "instructions" && signal.category === "prompt_injection") continue;
    for (const variant of variants) {
      const found = signal.pattern.exec(variant);
      if (!found) continue;
      matched.push({ signal, variant, start: found.index, end: found.index + found[0].length });
      score += signal.weight;
      break;
    }
  }
  if (round(score) < FLAG_THRESHOLD) return null;
  // Only now (rarely) the structure: which of these signals sit where they act.
  const contexts = new Map<string, TextContext>();
  for (const variant of new Set(matched.map((m) => m.variant))) {
    // A payload's words are not the text's own; a term's are ("jailbreak prompts").
    const payloads = matched.filter((m) => m.variant === variant && !TERMS.has(m.signal.id))
      .flatMap((m) => [m.start, m.end]);
    contexts.set(variant, contextOf(variant, payloads));
  }
  const acting = matched.filter((m) => acts(m, contexts.get(m.variant)!));
  // An order given to the model makes the text an address to it: the terms it uses count too.
  if (acting.some((m) => m.signal.category === "prompt_injection")) {
    for (const m of matched) {
      if (TERMS.has(m.signal.id) && !acting.includes(m) && given(m, contexts.get(m.variant)!)) {
        acting.push(m);
      }
    }
  }
  return judge(acting.map((m) => m.signal));
}

/** A signal's first occurrence in the variant of the text it matched. */
interface Match {
  signal: Signal;
  variant: string;
  start: number;
  end: number;
}

/**
 * A payload acts unless the text around it discusses it. In such a text an instruction to the
 * model acts where it is given: outside quotation marks and code (unless the text hands the quote
 * to the model to summarize, translate, …), not merely reported ("telling it to ignore its
 * rules"), and not merely the name of an attack (TERMS).
 */
function acts(match: Match, context: TextContext): boolean {
  if (!context.discusses) return true;
  if (match.signal.category !== "prompt_injection" || TERMS.has(match.signal.id)) return false;
  return given(match, context);
}

/** Whether some occurrence is given (the first, else any later one). */
function given({ signal, variant: text, start, end }: Match, context: TextContext): boolean {
  const isGiven = (from: number, to: number) =>
    (context.processes || !isQuoted(context, text, from, to)) && !isReported(text, from, to);
  if (isGiven(start, end)) return true;
  const locate = signal.locate;
  locate.lastIndex = start + 1;
  for (let m = locate.exec(text); m; m = locate.exec(text)) {
    if (isGiven(m.index, m.index + m[0].length)) return true;
    if (m[0].length === 0) locate.lastIndex++;
  }
  return false;
}

/** A JSON object key that is a NoSQL query operator. */
export function detectOperatorKey(key: string): Detection | null {
  if (!QUERY_OPERATOR_KEYS.has(key)) return null;
  return { category: "nosql_ldap_injection", score: FLAG_THRESHOLD, signals: ["operator_key"] };
}

function judge(matched: readonly Signal[]): Detection | null {
  let score = 0;
  const byCategory = new Map<InjectionCategory, number>();
  for (const signal of matched) {
    score += signal.weight;
    byCategory.set(signal.category, (byCategory.get(signal.category) ?? 0) + signal.weight);
  }
  score = round(score);
  if (score < FLAG_THRESHOLD) return null;
  let category: InjectionCategory = matched[0].category;
  for (const [c, w] of byCategory) if (w > byCategory.get(category)!) category = c;
  return { category, score, signals: matched.map((m) => m.id) };
}

/** Rounded: 0.7 + 0.3 must reach 1 despite binary fractions. */
function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}

function normalize(text: string): string {
  return text.normalize("NFKC").replace(INVISIBLE, "").toLowerCase().replace(/\s+/g, " ");
}

function percentDecode(text: string): string {
  // Overlong UTF-8 forms of "/", "\" and "." (an old filter evasion) first.
  let out = text.replace(/%c0%af|%e0%80%af/gi, "/").replace(/%c1%9c/gi, "\\")
    .replace(/%c0%ae/gi, ".");
  // Two rounds catch double encoding (%252e → %2e → .).
  for (let round = 0; round < 2; round++) {
    out = out.replace(/(?:%[0-9a-f]{2})+/gi, (seq) => {
      try {
        return decodeURIComponent(seq);
      } catch {
        return seq;
      }
    });
  }
  return out;
}

/** `&#106;` / `&#x6a;` → the character; control characters (tab, newline) vanish, as in URLs. */
function decodeCharacterReferences(text: string): string {
  return text.replace(/&#(x[0-9a-f]{1,6}|\d{1,7});?/gi, (_, code: string) => {
    const n = code[0] === "x" || code[0] === "X" ? parseInt(code.slice(1), 16) : Number(code);
    return n < 32 || n > 0x10ffff ? "" : String.fromCodePoint(n);
  });
}

/** Payloads of text-like base64 data: URIs (html, javascript, xml, svg, text/*). */
function decodedDataUris(text: string): string[] {
  if (!text.includes("base64,")) return [];
  const out: string[] = [];
  for (const m of text.matchAll(TEXT_DATA_URI)) {
    try {
      out.push(atob(m[1].slice(0, Math.ceil(MAX_DECODED_DATA_URI / 3) * 4)));
    } catch {
      // not base64 after all
    }
  }
  return out;
}
