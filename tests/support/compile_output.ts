/**
 * Running `deno task compile` offline and reading what it reports: the "Embedded Files" tree and
 * its "Files: 35.56MB" total.
 */

const ROOT = new URL("../../", import.meta.url).pathname;

/**
 * A small native executable that is not deno, to stand in for denort (which cannot be downloaded
 * here): deno compile appends the code to it as it would to denort. The result does not run FakeAI.
 */
export function standInRuntime(): string {
  for (const path of ["/usr/bin/true", "/bin/true"]) {
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch { /* next */ }
  }
  throw new Error("no /usr/bin/true to stand in for denort");
}

export interface TaskRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `deno task compile ARGS` at the repository root with `env` on top of this process's environment
 * minus DENORT_BIN and the proxy settings (so each test says which runtime and network it has),
 * and NO_COLOR unless `color` (deno colours its output even into a pipe).
 */
export async function runCompileTask(
  args: string[],
  env: Record<string, string>,
  { color = false } = {},
): Promise<TaskRun> {
  const base = Deno.env.toObject();
  for (const name of Object.keys(base)) {
    if (name === "DENORT_BIN" || /^(https?|all|no)_proxy$/i.test(name)) delete base[name];
    if (name === "NO_COLOR" && color) delete base[name];
  }
  if (!color) base.NO_COLOR = "1";
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "compile", ...args],
    cwd: ROOT,
    clearEnv: true,
    env: { ...base, ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

const UNITS: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/** The "Files: 35.56MB" total of deno compile's report, in bytes (deno's units: 1 MB = 1024²). */
export function embeddedFilesBytes(report: string): number {
  const m = /^Files: ([\d.]+)(B|KB|MB|GB)$/m.exec(report);
  if (!m) throw new Error(`no "Files:" line in deno compile's report:\n${report}`);
  return Number(m[1]) * UNITS[m[2]];
}

/** Every path of the "Embedded Files" tree, e.g. ".deno_compile_node_modules/localhost/hono/4.13.19/*". */
export function embeddedPaths(report: string): string[] {
  const paths: string[] = [];
  const stack: string[] = [];
  for (const line of report.split("\n")) {
    const m = /^([│ ]*)[├└]─[─┬] (.+?)(?: \([^()]*\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1].length / 2;
    stack.length = depth;
    stack.push(m[2]);
    paths.push(stack.join("/"));
  }
  return paths;
}

/** The names of the npm packages in the tree (node_modules/localhost/NAME[/VERSION]/...). */
export function embeddedNpmPackages(report: string): string[] {
  const names = new Set<string>();
  for (const path of embeddedPaths(report)) {
    const m = /^\.deno_compile_node_modules\/localhost\/(.+)$/.exec(path);
    if (!m) continue;
    const parts = m[1].replace(/\/\*$/, "").split("/");
    if (parts[0].startsWith("@")) {
      if (parts.length > 1) names.add(`${parts[0]}/${parts[1]}`);
    } else names.add(parts[0]);
  }
  return [...names].sort();
}
