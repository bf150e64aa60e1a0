/** Process plumbing for the benchmarks: servers, load clients, RSS, and killing everything. */
import type { LoadOptions } from "./load_client.ts";

const path = (rel: string) => decodeURIComponent(new URL(rel, import.meta.url).pathname);
const ROOT = path("../../");
/** BENCH_SERVER_MAIN runs the benchmarks against another checkout (e.g. a before/after). */
export const FAKEAI_MAIN = Deno.env.get("BENCH_SERVER_MAIN") ?? path("../../main.ts");
export const BASELINE = path("./baseline_server.ts");
const CLIENT = path("./load_client.ts");

const live = new Set<Deno.ChildProcess>();

/** A clean environment (no FAKEAI_* from the caller), keeping what Deno needs for its cache. */
export function cleanEnv(): Record<string, string> {
  const keep: Record<string, string> = { NO_COLOR: "1" };
  for (const k of ["HOME", "PATH", "DENO_DIR", "XDG_CACHE_HOME", "TMPDIR"]) {
    const v = Deno.env.get(k);
    if (v !== undefined) keep[k] = v;
  }
  return keep;
}

function spawn(
  args: string[],
  stdin: "piped" | "null",
  stdout: "piped" | "null",
  extraEnv: Record<string, string> = {},
) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--frozen", "-A", ...args],
    cwd: ROOT,
    env: { ...cleanEnv(), ...extraEnv },
    clearEnv: true,
    stdin,
    stdout,
    stderr: "piped",
  }).spawn();
  return track(child);
}

/** Registers a child process (any program) so that killAll() ends it too. */
export function track(child: Deno.ChildProcess): Deno.ChildProcess {
  live.add(child);
  child.status.finally(() => live.delete(child));
  return child;
}

async function* lines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let buffer = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf("\n")) !== -1) {
      yield buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
    }
  }
  if (buffer) yield buffer;
}

/** Keeps the last lines of a stream (for error messages) and never lets the pipe fill up. */
export function tail(stream: ReadableStream<Uint8Array>, onLine?: (line: string) => void) {
  const kept: string[] = [];
  const done = (async () => {
    for await (const line of lines(stream)) {
      onLine?.(line);
      kept.push(line);
      if (kept.length > 40) kept.shift();
    }
  })();
  return { kept, done };
}

/** A loopback port that was free a moment ago (for programs that cannot report theirs). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

const timeout = (ms: number) => new Promise<"timeout">((r) => setTimeout(() => r("timeout"), ms));

export interface Server {
  label: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Spawns `deno run <script> <args>` (with extra environment variables) and waits for its
 * `"msg":"listening"` line on stderr. */
export async function startServer(
  label: string,
  script: string,
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<Server> {
  const child = spawn([script, ...args], "null", "null", extraEnv);
  let onUrl!: (url: string) => void;
  const url = new Promise<string>((r) => onUrl = r);
  const err = tail(child.stderr, (line) => {
    if (line.includes('"msg":"listening"')) onUrl(JSON.parse(line).url);
  });
  const first = await Promise.race([url, err.done.then(() => "exited" as const), timeout(30_000)]);
  if (first === "exited" || first === "timeout") {
    await stop(child);
    throw new Error(`${label} did not start (${first}):\n${err.kept.join("\n")}`);
  }
  return { label, url: first, pid: child.pid, stop: () => stop(child) };
}

/** SIGTERM, then SIGKILL if it has not exited within 3 s. */
export async function stop(child: Deno.ChildProcess): Promise<void> {
  try {
    child.kill("SIGTERM");
  } catch { /* already gone */ }
  if (await Promise.race([child.status, timeout(3000)]) === "timeout") {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
    await child.status;
  }
}

/** Kills every process still running (SIGKILL); safe to call more than once. */
export async function killAll(): Promise<void> {
  const children = [...live];
  for (const child of children) {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  }
  await Promise.allSettled(children.map((c) => c.status));
}

/**
 * Runs load_client.ts with these options and returns its JSON result. For mode "hold", `onReady`
 * runs once all streams are open; stdin is closed after it returns, which ends the hold.
 */
export function runClient<T = Record<string, unknown>>(
  options: LoadOptions,
  limitSec: number,
  onReady?: (ready: Record<string, unknown>) => Promise<void>,
): Promise<T> {
  return runScript<T>(CLIENT, options, limitSec, onReady);
}

/**
 * Runs a bench helper script (`deno run <script> '<options as JSON>'`) and returns the last JSON
 * line it prints on stdout. When the script prints a `{"ready":true,...}` line, `onReady` runs;
 * the text it returns (if any) is written to the script's stdin, which is then closed.
 */
export async function runScript<T = Record<string, unknown>>(
  script: string,
  options: unknown,
  limitSec: number,
  onReady?: (ready: Record<string, unknown>) => Promise<string | void>,
): Promise<T> {
  const child = spawn([script, JSON.stringify(options)], onReady ? "piped" : "null", "piped");
  const err = tail(child.stderr);
  const killer = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  }, limitSec * 1000);
  let result: T | undefined;
  try {
    for await (const line of lines(child.stdout)) {
      if (!line.startsWith("{")) continue;
      const parsed = JSON.parse(line);
      if (parsed.ready && onReady) {
        const reply = await onReady(parsed);
        if (typeof reply === "string") {
          const writer = child.stdin.getWriter();
          await writer.write(new TextEncoder().encode(reply));
          await writer.close();
        } else {
          await child.stdin.close();
        }
      } else {
        result = parsed as T;
      }
    }
    const status = await child.status;
    await err.done;
    if (!status.success || result === undefined) {
      throw new Error(
        `${script.split("/").pop()} failed (exit ${status.code}):\n${err.kept.join("\n")}`,
      );
    }
    return result;
  } finally {
    clearTimeout(killer);
    if (live.has(child)) await stop(child);
  }
}
