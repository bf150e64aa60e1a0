/** Starts the real CLI (`deno run main.ts server`) on a free port, for end-to-end tests. */

/** Flags that make every delay zero: tests that do not measure time use them. */
export const FAST_ARGS = ["--response-delay", "0", "--ttft", "0", "--itl", "0"];

const MAIN = new URL("../../main.ts", import.meta.url).pathname;

export interface FakeAIProcess {
  url: string;
  baseURL: string;
  stdout: string[];
  stderr: string[];
  /** SIGTERM, then the exit code. */
  stop(signal?: Deno.Signal): Promise<number>;
  child: Deno.ChildProcess;
}

export interface StartOptions {
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** Deno permission flags instead of -A (run with --no-prompt: a missing one fails at once). */
  permissions?: string[];
}

const permissionArgs = (permissions?: string[]) =>
  permissions ? ["--no-prompt", ...permissions] : ["-A"];

/** Runs the CLI to completion (for commands that exit). */
export async function runCli(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; permissions?: string[] } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...permissionArgs(options.permissions), MAIN, ...args],
    env: { NO_COLOR: "1", ...options.env },
    clearEnv: true,
    cwd: options.cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

/**
 * E2E_WORKERS=N runs every server these tests start with `--workers N` (the openai SDK suite is
 * run that way by tests/e2e/sdk_workers_test.ts); a test that names --workers itself wins.
 */
const E2E_WORKERS = Deno.env.get("E2E_WORKERS");

export async function startFakeAI(options: StartOptions = {}): Promise<FakeAIProcess> {
  const args = options.args ?? [];
  const workers = E2E_WORKERS && !args.includes("--workers") ? ["--workers", E2E_WORKERS] : [];
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...permissionArgs(options.permissions),
      MAIN,
      "server",
      "--port",
      "0",
      ...workers,
      ...args,
    ],
    env: { NO_COLOR: "1", HOME: Deno.env.get("HOME") ?? "/tmp", ...options.env },
    clearEnv: true,
    cwd: options.cwd,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stdout: string[] = [];
  const stderr: string[] = [];
  collect(child.stdout, stdout);
  let resolveUrl!: (url: string) => void;
  let rejectUrl!: (err: Error) => void;
  const urlPromise = new Promise<string>((res, rej) => {
    resolveUrl = res;
    rejectUrl = rej;
  });
  collect(child.stderr, stderr, (line) => {
    if (line.includes('"msg":"listening"')) resolveUrl(JSON.parse(line).url);
  }).then(() => rejectUrl(new Error(`server exited before listening:\n${stderr.join("\n")}`)));
  const timer = setTimeout(() => rejectUrl(new Error("server did not start in 20 s")), 20_000);
  let url: string;
  try {
    url = await urlPromise;
  } catch (err) {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
    await child.status;
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return {
    url,
    baseURL: `${url}/v1`,
    stdout,
    stderr,
    child,
    async stop(signal: Deno.Signal = "SIGTERM") {
      try {
        child.kill(signal);
      } catch { /* already gone */ }
      return (await child.status).code;
    },
  };
}

async function collect(
  stream: ReadableStream<Uint8Array>,
  into: string[],
  onLine?: (line: string) => void,
): Promise<void> {
  let buffer = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf("\n")) !== -1) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      into.push(line);
      onLine?.(line);
    }
  }
  if (buffer) {
    into.push(buffer);
    onLine?.(buffer);
  }
}
