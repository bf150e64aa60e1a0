/**
 * Generates ASCII strings from a JSON Schema `pattern` (an ECMAScript regex).
 *
 * Supported: literals, escapes (\d \w \s \D \W \S \t \n \xHH \uHHHH, escaped punctuation),
 * `.`, character classes with ranges and negation, groups (capturing, `(?:`, named),
 * alternation, the quantifiers `* + ? {n} {n,} {n,m}` (greedy or lazy) and backreferences
 * (`\1`, `\k<name>`). Negated classes prefer letters and digits. Approximated with ASCII:
 * `\p{...}`/`\P{...}` (Lu, Ll, N/Nd, anything else as letters). Ignored (generated as nothing, so
 * the final RegExp check may reject the result): anchors and `\b \B` (harmless), lookarounds.
 */
import type { Prng } from "../../util/prng.ts";

type Node =
  | { k: "seq"; items: Node[] }
  | { k: "alt"; options: Node[] }
  | { k: "set"; chars: string }
  | { k: "rep"; node: Node; min: number; max: number | null }
  | { k: "group"; index: number; node: Node }
  | { k: "ref"; ref: number | string }
  | { k: "empty" };

const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join("");
const DIGITS = "0123456789";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = LOWER.toUpperCase();
const WORD = LOWER + UPPER + DIGITS + "_";

/** Complement of `chars`, from letters and digits when possible so values stay readable. */
function without(chars: string): string {
  const nice = [...(LOWER + DIGITS)].filter((c) => !chars.includes(c));
  return (nice.length > 0 ? nice : [...PRINTABLE].filter((c) => !chars.includes(c))).join("");
}

/** Single-letter escapes; `dDwWsS` stand for classes, the others for one character. */
// deno-fmt-ignore
const ESCAPES: Record<string, string> = {
  d: DIGITS, D: without(DIGITS), w: WORD, W: without(WORD), s: " ", S: without(" "),
  t: "\t", n: "\n", r: "\r", f: "\f", v: "\v", 0: "\0",
};

/** ASCII stand-ins for Unicode property escapes (`\p{Lu}`, `\p{L}`, `\p{Nd}`, ...). */
function propertyChars(name: string): string {
  const value = name.replace(/^(General_Category|gc)=/, "");
  if (/^(Lu|Uppercase_Letter|Uppercase)$/.test(value)) return UPPER;
  if (/^(Ll|Lowercase_Letter|Lowercase)$/.test(value)) return LOWER;
  if (/^(N|Nd|Number|Decimal_Number)$/.test(value)) return DIGITS;
  return LOWER + UPPER;
}

class Parser {
  pos = 0;
  groups = 0;
  readonly names = new Map<string, number>();
  constructor(readonly src: string) {}

  parseAlt(): Node {
    const options: Node[] = [this.parseSeq()];
    while (this.src[this.pos] === "|") {
      this.pos++;
      options.push(this.parseSeq());
    }
    return options.length === 1 ? options[0] : { k: "alt", options };
  }

  parseSeq(): Node {
    const items: Node[] = [];
    while (this.pos < this.src.length && this.src[this.pos] !== "|" && this.src[this.pos] !== ")") {
      items.push(this.parseQuantified(this.parseAtom()));
    }
    return { k: "seq", items };
  }

  parseQuantified(node: Node): Node {
    const ch = this.src[this.pos];
    let min: number, max: number | null;
    if (ch === "*" || ch === "+" || ch === "?") {
      this.pos++;
      [min, max] = ch === "*" ? [0, null] : ch === "+" ? [1, null] : [0, 1];
    } else {
      const m = ch === "{" ? /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos)) : null;
      if (!m) return node;
      this.pos += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? null : Number(m[3]);
    }
    if (this.src[this.pos] === "?") this.pos++;
    return this.parseQuantified({
      k: "rep",
      node,
      min,
      max: max === null ? null : Math.max(min, max),
    });
  }

  parseAtom(): Node {
    const ch = this.src[this.pos++];
    switch (ch) {
      case "^":
      case "$":
        return { k: "empty" };
      case ".":
        return { k: "set", chars: LOWER };
      case "[":
        return { k: "set", chars: this.parseClass() };
      case "(":
        return this.parseGroup();
      case "\\":
        return this.parseEscape(false);
      default:
        return { k: "set", chars: ch };
    }
  }

  parseGroup(): Node {
    let kind = "capture";
    let name: string | undefined;
    if (this.src[this.pos] === "?") {
      const m = /^\?(:|=|!|<=|<!|<([A-Za-z_$][\w$]*)>)/.exec(this.src.slice(this.pos));
      if (m) {
        kind = m[1] === ":" ? "plain" : m[2] !== undefined ? "capture" : "lookaround";
        name = m[2];
        this.pos += m[0].length;
      }
    }
    const index = kind === "capture" ? ++this.groups : 0;
    if (name !== undefined) this.names.set(name, index);
    const node = this.parseAlt();
    if (this.src[this.pos] === ")") this.pos++;
    if (kind === "lookaround") return { k: "empty" };
    return kind === "capture" ? { k: "group", index, node } : node;
  }

  /** Returns the node for an escape; inside a class only the character set matters. */
  parseEscape(inClass: boolean): Node {
    const ch = this.src[this.pos++] ?? "\\";
    if (Object.hasOwn(ESCAPES, ch)) return { k: "set", chars: ESCAPES[ch] };
    if (ch === "x" || ch === "u") {
      const m = /^(\{[0-9a-fA-F]+\}|[0-9a-fA-F]{4})/.exec(this.src.slice(this.pos));
      const hex = ch === "x" ? /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.pos))?.[0] : m?.[0];
      if (hex) {
        this.pos += hex.length;
        return { k: "set", chars: String.fromCodePoint(parseInt(hex.replace(/[{}]/g, ""), 16)) };
      }
    }
    if (!inClass && (ch === "b" || ch === "B")) return { k: "empty" };
    if (ch === "p" || ch === "P") {
      const m = /^\{([^}]*)\}/.exec(this.src.slice(this.pos));
      if (m) this.pos += m[0].length;
      const chars = propertyChars(m?.[1] ?? "");
      return { k: "set", chars: ch === "p" ? chars : without(chars) };
    }
    if (!inClass && /[1-9]/.test(ch)) {
      const digits = ch + (/^\d*/.exec(this.src.slice(this.pos))?.[0] ?? "");
      this.pos += digits.length - 1;
      return { k: "ref", ref: Number(digits) };
    }
    const named = !inClass && ch === "k" ? /^<([^>]*)>/.exec(this.src.slice(this.pos)) : null;
    if (named) {
      this.pos += named[0].length;
      return { k: "ref", ref: named[1] };
    }
    return { k: "set", chars: ch };
  }

  parseClass(): string {
    const negate = this.src[this.pos] === "^";
    if (negate) this.pos++;
    let chars = "";
    while (this.pos < this.src.length && this.src[this.pos] !== "]") {
      const [start, single] = this.classChar();
      if (single && this.src[this.pos] === "-" && this.src[this.pos + 1] !== "]") {
        const save = this.pos++;
        const [end, endSingle] = this.classChar();
        if (endSingle) {
          for (let c = start.charCodeAt(0); c <= end.charCodeAt(0); c++) {
            chars += String.fromCharCode(c);
          }
          continue;
        }
        this.pos = save;
      }
      chars += start;
    }
    this.pos++;
    return negate ? without(chars) : chars;
  }

  /** One class member: its characters, and whether it is a single character (range end). */
  classChar(): [string, boolean] {
    const ch = this.src[this.pos++];
    if (ch !== "\\") return [ch, true];
    const isClass = "dDwWsSpP".includes(this.src[this.pos]);
    const node = this.parseEscape(true);
    const chars = node.k === "set" ? node.chars : "";
    return [chars, !isClass && chars.length === 1];
  }
}

interface Emit {
  prng: Prng;
  /** Repetitions beyond the minimum an open quantifier (`*`, `+`, `{n,}`) may add. */
  spread: number;
  /** Open quantifiers take exactly `spread` extra repetitions (to steer towards a length). */
  exact: boolean;
  captures: string[];
  names: Map<string, number>;
  /** Characters the string may still take: `a{100000000}` stops here, not at 100 MB. */
  left: number;
}

function emit(node: Node, e: Emit): string {
  switch (node.k) {
    case "seq":
      return node.items.map((n) => emit(n, e)).join("");
    case "alt":
      return emit(e.prng.pick(node.options), e);
    case "set":
      if (node.chars.length === 0 || e.left <= 0) return "";
      e.left--;
      return node.chars[e.prng.int(node.chars.length)];
    case "rep": {
      const open = node.max === null;
      const max = node.max ?? node.min + e.spread;
      const n = open && e.exact ? max : node.min + e.prng.int(max - node.min + 1);
      let out = "";
      for (let i = 0; i < n && e.left > 0; i++) out += emit(node.node, e);
      return out;
    }
    case "group":
      return (e.captures[node.index] = emit(node.node, e));
    case "ref": {
      const index = typeof node.ref === "number" ? node.ref : e.names.get(node.ref) ?? -1;
      const copy = (e.captures[index] ?? "").slice(0, Math.max(0, e.left));
      e.left -= copy.length;
      return copy;
    }
    case "empty":
      return "";
  }
}

/** The longest string a generator builds unless told a smaller bound. */
export const MAX_PATTERN_CHARS = 65_536;

/**
 * A generator of strings shaped by `pattern` (see `Emit` for `spread` and `exact`), never longer
 * than `maxChars` (a longer string could not be used, and `{100000000}` must not be built).
 */
export function patternGenerator(
  pattern: string,
  maxChars = MAX_PATTERN_CHARS,
): (prng: Prng, spread: number, exact?: boolean) => string {
  const parser = new Parser(pattern);
  const tree = parser.parseAlt();
  const limit = Math.min(maxChars, MAX_PATTERN_CHARS);
  return (prng, spread, exact = false) =>
    emit(tree, { prng, spread, exact, captures: [], names: parser.names, left: limit });
}

/** The fewest characters a string matching `pattern` can have (backreferences count as none). */
export function patternMinLength(pattern: string): number {
  try {
    return minLength(new Parser(pattern).parseAlt());
  } catch {
    return 0; // a pattern the generator cannot read bounds nothing
  }
}

function minLength(node: Node): number {
  switch (node.k) {
    case "seq":
      return node.items.reduce((sum, n) => sum + minLength(n), 0);
    case "alt":
      return Math.min(...node.options.map(minLength));
    case "set":
      return 1;
    case "rep":
      return node.min === 0 ? 0 : node.min * minLength(node.node);
    case "group":
      return minLength(node.node);
    case "ref":
    case "empty":
      return 0;
  }
}
