/**
 * Finds the examples of a markdown page. An example is a fenced request block (`bash`/`sh` run
 * by bash, `ts` run by Deno) followed, with nothing but blank lines between, by an output block
 * (`json`, `text` or `http`). A `fakeai server …` (or `deno task start …`) line in the request
 * block that is backgrounded with `&` or followed by other commands says which server the
 * example needs; the commands run against a live server started that way. Examples with the same
 * server line share that server; examples without one share the page's default server.
 */

export interface CodeBlock {
  lang: string;
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** Index of the block's last line + 1 (0-based), to tell adjacent blocks apart. */
  endIndex: number;
  startIndex: number;
}

export type OutputKind = "json" | "text" | "http";

export interface Example {
  file: string;
  line: number;
  runner: "bash" | "ts";
  /** The request block's code without its server line. */
  code: string;
  /** Server arguments (after `server`) and environment, from the server line; [] and {} for
   * the default server. */
  server: ServerSpec;
  output: { kind: OutputKind; text: string; line: number };
}

export interface ServerSpec {
  /** False for the page's default server (no server line). */
  explicit: boolean;
  args: string[];
  env: Record<string, string>;
  /** The port the page uses for this server (--port N, else 8000). */
  port: number;
}

const RUNNERS: Record<string, Example["runner"]> = {
  bash: "bash",
  sh: "bash",
  shell: "bash",
  ts: "ts",
  typescript: "ts",
};
const OUTPUTS = new Set<OutputKind>(["json", "text", "http"]);

/** Every fenced code block of a markdown text (fences may be indented, e.g. in list items). */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split("\n");
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(/^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const t = lines[j].trim();
      if (t.length >= fence.length && t === fence[0].repeat(t.length)) break;
      const raw = lines[j];
      body.push(raw.startsWith(indent) ? raw.slice(indent.length) : raw.trimStart());
    }
    blocks.push({
      lang: lang.toLowerCase(),
      code: body.join("\n"),
      line: i + 1,
      startIndex: i,
      endIndex: j + 1,
    });
    i = j;
  }
  return blocks;
}

/** The examples of a page: request blocks directly followed by an output block. */
export function examples(file: string, markdown: string): Example[] {
  const lines = markdown.split("\n");
  const blocks = codeBlocks(markdown);
  const out: Example[] = [];
  for (let k = 0; k + 1 < blocks.length; k++) {
    const [req, res] = [blocks[k], blocks[k + 1]];
    const runner = RUNNERS[req.lang];
    if (!runner || !OUTPUTS.has(res.lang as OutputKind)) continue;
    const between = lines.slice(req.endIndex, res.startIndex);
    if (between.some((l) => l.trim() !== "")) continue;
    const { code, server } = runner === "bash"
      ? splitServerLine(req.code)
      : { code: req.code, server: DEFAULT_SERVER };
    out.push({
      file,
      line: req.line,
      runner,
      code,
      server,
      output: { kind: res.lang as OutputKind, text: res.code, line: res.line },
    });
    k++;
  }
  return out;
}

export const DEFAULT_SERVER: ServerSpec = { explicit: false, args: [], env: {}, port: 8000 };

const SERVER_LINE =
  /^((?:[A-Z][A-Z0-9_]*=\S+\s+)*)(fakeai\s+server|deno\s+task\s+start)(\s[^;|&>#]*?)?\s*(&)?\s*(#.*)?$/;
/^((?:[A-Z][A-Z0-9_]*=\S+\s+)*)(fakeai\s+server|deno\s+task\s+start)(\s.*?)?\s*(&)?\s*(#.*)?$/;

/**
 * Takes the server line out of a bash block: `[VAR=value …] fakeai server [flags] [&]` or
 * `deno task start [flags]`, when backgrounded or followed by more commands. A server line that
 * ends the block in the foreground is a command of its own (e.g. one that exits with an error).
 */
export function splitServerLine(code: string): { code: string; server: ServerSpec } {
  const lines = code.replace(/\\\n\s*/g, " ").split("\n");
  const index = lines.findIndex((l) => SERVER_LINE.test(l.trim()));
  if (index === -1) return { code, server: DEFAULT_SERVER };
  const m = lines[index].trim().match(SERVER_LINE)!;
  const rest = lines.slice(index + 1).filter((l) => l.trim() !== "" && !l.trim().startsWith("#"));
  if (!m[4] && rest.length === 0) return { code, server: DEFAULT_SERVER };
  const env: Record<string, string> = {};
  for (const word of shellWords(m[1] ?? "")) {
    const eq = word.indexOf("=");
    env[word.slice(0, eq)] = word.slice(eq + 1);
  }
  const args = shellWords(m[3] ?? "");
  let port = 8000;
  const p = args.indexOf("--port");
  if (p !== -1) {
    port = Number(args[p + 1]);
    args.splice(p, 2);
  }
  if (env.FAKEAI_PORT) port = Number(env.FAKEAI_PORT);
  delete env.FAKEAI_PORT;
  lines.splice(index, 1);
  return { code: lines.join("\n"), server: { explicit: true, args, env, port } };
}

/** Splits a shell command line into words (single quotes, double quotes, backslashes). */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word = (word ?? "") + text.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let s = "";
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === "\\" && j + 1 < text.length) s += text[++j];
        else s += text[j];
      }
      word = (word ?? "") + s;
      i = j;
    } else if (c === "\\" && i + 1 < text.length) {
      word = (word ?? "") + text[++i];
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? "") + c;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

/** A key that tells servers apart: examples with the same server line share one process, and
 * so do the examples without one. */
export function serverKey(spec: ServerSpec): string {
  return JSON.stringify([spec.explicit, spec.args, Object.entries(spec.env).sort()]);
}
