/**
 * `fakeai metrics [--format json|prometheus] [--watch [SECONDS]] [--count N] [--url URL]`:
 * prints /metrics (JSON) or /metrics/prometheus; --watch repeats until interrupted (Ctrl-C).
 */
import type { CliIo } from "./io.ts";
import { DEFAULT_WATCH_SECONDS, startOpsCommand } from "./ops_args.ts";
import { errorSummary, type Fetch, get } from "./ops_client.ts";

export const METRICS_HELP =
  `Usage: fakeai metrics [--format json|prometheus] [--watch [SECONDS]] [--count N] [--url URL]

Print the server's metrics: /metrics (json, the default) or /metrics/prometheus (prometheus).
  --format FORMAT      json or prometheus.
  --watch [SECONDS]    Print again every SECONDS (default ${DEFAULT_WATCH_SECONDS}) until interrupted; JSON becomes
                       one compact line per refresh (JSON Lines), Prometheus text gets a
                       "# fakeai metrics at TIME" line before each refresh.
  --count N            With --watch: stop after N refreshes.
  --url URL            Server base URL. Default: http://127.0.0.1:PORT with the configured port.
  --timeout SECONDS    Give up on one request after this long (default 3).
Exit 0 when every read succeeded, 1 when one failed, 2 on a usage error.
`;

export interface MetricsCommandDeps {
  fetch?: Fetch;
  /** Waits `ms` or until `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Installs the Ctrl-C handler; returns its remover. */
  onInterrupt?: (stop: () => void) => () => void;
}

const PATHS: Record<string, string> = { json: "/metrics", prometheus: "/metrics/prometheus" };

export async function metricsCommand(
  argv: readonly string[],
  io: CliIo,
  deps: MetricsCommandDeps = {},
): Promise<number> {
  const start = startOpsCommand(
    "metrics",
    METRICS_HELP,
    argv,
    ["url", "timeout", "format", "watch", "count"],
    io,
    (args) =>
      (args.format ?? "json") in PATHS
        ? []
        : [`--format: expected json or prometheus, got "${args.format}"`],
  );
  if (typeof start === "number") return start;
  const { args, target } = start;
  const format = args.format ?? "json";

  const watching = args.watchSeconds !== undefined;
  const stopped = new AbortController();
  const removeInterrupt = watching
    ? (deps.onInterrupt ?? sigintHandler)(() => stopped.abort())
    : () => {};
  let failed = false;
  try {
    for (let n = 1;; n++) {
      const res = await get(target, PATHS[format], args.timeoutSeconds, deps.fetch);
      if (!res.ok || res.status !== 200) {
        failed = true;
        const why = res.ok ? errorSummary(res.status, res.body) : res.error;
        io.err(`fakeai metrics: ${res.url}: ${why}`);
      } else if (format === "json") {
        io.out(reformatJson(res.body, watching ? undefined : 2));
      } else {
        if (watching) io.out(`# fakeai metrics at ${new Date().toISOString()}`);
        io.out(res.body.replace(/\n$/, ""));
      }
      if (!watching || stopped.signal.aborted || (args.count !== undefined && n >= args.count)) {
        break;
      }
      await (deps.sleep ?? abortableSleep)(args.watchSeconds! * 1000, stopped.signal);
      if (stopped.signal.aborted) break;
    }
  } finally {
    removeInterrupt();
  }
  return failed ? 1 : 0;
}

function reformatJson(body: string, indent: number | undefined): string {
  try {
    return JSON.stringify(JSON.parse(body), null, indent);
  } catch {
    return body.replace(/\n$/, ""); // not JSON (a proxy's page?): shown as it came
  }
}

function sigintHandler(stop: () => void): () => void {
  Deno.addSignalListener("SIGINT", stop);
  return () => Deno.removeSignalListener("SIGINT", stop);
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}
