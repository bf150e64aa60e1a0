/**
 * The structure around a signal: what a text quotes (code fences, inline code, quotation marks)
 * and whether its own words discuss code or security (a question, a review, a test, a write-up)
 * rather than hand over a bare payload or give an order. Runs on normalized text (lowercase,
 * whitespace collapsed), and only for the few texts whose signals already reach the threshold.
 */

export interface TextContext {
  /** [start, end) offsets of quoted material, delimiters included, flattened in pairs. */
  readonly quoted: readonly number[];
  /** The text's own words (outside quotes and payloads) discuss: a question or analysis words. */
  readonly discusses: boolean;
  /** Its own words hand quoted material to the model ("summarize the following review: …"). */
  readonly processes: boolean;
}

/**
 * The context of `text`. `payloads` are the [start, end) spans the signals matched (flattened in
 * pairs): their words are the payload's, never the text's own (`<!ENTITY xxe …>` is no talk of XXE).
 */
export function contextOf(text: string, payloads: readonly number[]): TextContext {
  const quoted: number[] = [];
  for (const m of text.matchAll(QUOTED)) quoted.push(m.index, m.index + m[0].length);
  const cut = [...pairs(quoted), ...pairs(payloads)].sort((a, b) => a[0] - b[0]);
  let frame = "";
  let last = 0;
  for (const [start, end] of cut) {
    if (start > last) frame += text.slice(last, start) + " ";
    last = Math.max(last, end);
  }
  frame += text.slice(last);
  return {
    quoted,
    discusses: discusses(frame),
    processes: quoted.length > 0 && PROCESS.test(frame),
  };
}

/** Whether [start, end) lies inside quoted material (leading punctuation of the match ignored). */
export function isQuoted(context: TextContext, text: string, start: number, end: number): boolean {
  while (start < end && LEADING_PUNCTUATION.test(text[start])) start++;
  // The ranges are disjoint and in order: the last one that starts at or before `start`.
  const q = context.quoted;
  let lo = 0;
  let hi = q.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (q[2 * mid] <= start) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && end <= q[2 * hi + 1];
}

/** Reported rather than given: "… telling Copilot to ignore its rules" (no "you" or "your"). */
export function isReported(text: string, start: number, end: number): boolean {
  return REPORTED_BEFORE.test(text.slice(Math.max(0, start - 4), start)) &&
    !SECOND_PERSON.test(text.slice(start, end));
}

/** A frame needs a few words of its own: "test ' or 1=1 --" is still a payload. */
const MIN_FRAME_WORDS = 3;

function discusses(frame: string): boolean {
  let words = 0;
  let cue = false;
  let sentenceStart = true;
  let clauseStart = true;
  let modal = false;
  for (const raw of frame.replace(CJK_PUNCTUATION, " ").split(" ")) {
    const word = raw.replace(EDGE_PUNCTUATION, "");
    if (WORD.test(word)) {
      words += CJK.test(word) ? Math.ceil(word.length / 2) : 1;
      cue ||= (sentenceStart && QUESTION_START.has(word)) || (clauseStart && WH.has(word)) ||
        (modal && !NOT_A_SUBJECT.has(word)) || DISCUSSION.test(word) || DISCUSSION_CJK.test(word);
      modal = sentenceStart && MODAL.has(word);
    } else modal = false;
    if (raw !== "") {
      sentenceStart = SENTENCE_END.test(raw);
      clauseStart = sentenceStart || raw.endsWith(",");
    }
    if (cue && words >= MIN_FRAME_WORDS) return true;
  }
  return false;
}

function* pairs(flat: readonly number[]): Generator<[number, number]> {
  for (let i = 0; i < flat.length; i += 2) yield [flat[i], flat[i + 1]];
}

// Code fences (``` or ~~~, to the end when unclosed), inline code, and quotation marks: "…",
// “…”, „…“, «…», 「…」, 『…』, and '…' around words (not SQL's quotes: the opening one must be
// followed by a letter, the closing one by a boundary).
const QUOTED = new RegExp(
  [
    "```[^]*?(?:```|$)",
    "~~~[^]*?(?:~~~|$)",
    "`[^`]{1,2000}`",
    '"[^"]{1,2000}"',
    "[“„][^“”„]{1,2000}[”“]",
    "«[^«»]{1,2000}»",
    "「[^「」]{1,2000}」",
    "『[^『』]{1,2000}』",
    "(?<=^|[\\s(\\[{:,=])'\\p{L}(?:[^']|(?<=\\p{L})'(?=\\p{L})){0,2000}?[^\\s']'(?=[\\s.,;:!?)\\]}]|$)",
  ].join("|"),
  "gu",
);
const PROCESS =
  /\b(?:summari[sz]e|translate|paraphrase|rewrite|proofread|classify|process|execute)\b/;
const LEADING_PUNCTUATION = /[\s.!?:;,"'\])>]/;
const REPORTED_BEFORE = /(?:^|\W)to $/;
const SECOND_PERSON = /\b(?:you|your|yours|yourself|ur)\b/;

const WORD = /^\p{L}[\p{L}\p{M}'’-]*$/u;
const EDGE_PUNCTUATION = /^[("'“‘¿¡«]+|[)"'”’.,;:!?»]+$/g;
const SENTENCE_END = /[.!?:;]["')\]]*$/;
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;
const CJK_PUNCTUATION = /[，。？！、：；（）]/g;

// Words that open a question, in the languages the override signals know.
// deno-fmt-ignore
const QUESTION_START = new Set([
  "how", "why", "what", "what's", "whats", "which", "when", "where", "who", "whose", "is", "isn't",
  "are", "aren't", "was", "were", "does", "doesn't", "did", "should", "shall",
  "wie", "warum", "wieso", "welche", "comment", "pourquoi", "quel", "quelle", "cómo", "como", "qué",
  "cuál", "perché", "come", "cosa", "qual", "как", "почему", "зачем", "что",
]);
/** Question words that also open a question after a leading phrase ("In Node, what does …"). */
const WH = new Set(["how", "why", "what", "what's", "which", "when", "where", "who"]);
/** "can I …", "could this …" ask; "can you …", "do not …" tell the model what to do. */
const MODAL = new Set(["can", "could", "would", "will", "do"]);
const NOT_A_SUBJECT = new Set(["you", "u", "ya", "not"]);
// Word beginnings (or whole words, with $) of talk about attacks, defences, tests and learning,
// and of rules about them ("refuse paths like ../../etc/passwd").
// deno-fmt-ignore
const DISCUSSION = new RegExp("^(?:" + [
  "attack", "payload", "inject", "vulnerab", "exploit", "sanitiz", "sanitis", "escap", "defen[cds]",
  "prevent", "protect", "mitigat", "detect", "block", "filter", "harden", "secur", "malicious",
  "hacker", "threat", "waf$", "ctf$", "pentest", "penetration", "red-team", "bounty", "cve", "cwe",
  "owasp", "xss$", "sqli$", "sqlmap", "ssrf$", "ssti$", "xxe$", "lfi$", "rce$", "log4shell",
  "log4j", "shellshock", "traversal", "jailbreak", "scanner", "scanning", "fuzz", "burp$",
  "honeypot", "incident", "suspicious", "dangerous", "danger$", "risk", "safe$", "safely$",
  "unsafe", "test", "pytest", "jest$", "junit", "phpunit", "unit$", "assert", "expect", "fixture",
  "regex", "rules?$", "lint", "semgrep", "splunk", "siem$", "logs?$", "logged$", "logging$",
  "write-?up", "report", "finding", "severity", "triage", "cheat$", "lab$", "challenge", "study",
  "studying$", "interview", "training$", "workshop", "quiz", "homework", "assignment", "review",
  "explain", "explanation", "understand", "difference", "compare", "meaning", "example",
  "classic", "famous", "typical", "tutorial", "teach", "learn", "slide", "blog", "docs?$",
  "documentation", "flagged$", "refus", "reject", "deny", "denied", "disallow", "forbid", "never$",
  "such$", "fix", "bug", "issue", "error", "problem", "wrong", "broken", "crash", "fail",
  "schütz", "schutz", "angriff", "sicher", "protég", "proteg", "attaqu", "sécur", "segur",
  "ataque", "evit", "attacc", "sicurezza", "защит", "атак", "уязвим", "безопас", "пример",
].join("|") + ")", "u");
const DISCUSSION_CJK =
  /如何|为什么|怎么|什么|原理|注入|攻击|防止|防御|漏洞|解释|なぜ|どう|攻撃|脆弱|방법|공격|방어/;
