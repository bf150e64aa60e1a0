/**
 * `fakeai timings compare CLIENT_FILE`: a benchmark client's per-request export against the
 * server's timing ledger (GET /v1/fakeai/timings, or a saved copy with --ledger), printing per
 * metric what the client measured minus what the server sent.
 */
import { parseClientTimings } from "../timing/client_timings.ts";
import { serverTimingsOf } from "../timing/server_timings.ts";
import { compareTimings, formatComparison } from "../timing/timing_compare.ts";
import { adminKey } from "./admin_key.ts";
import type { CliIo } from "./io.ts";
import { startOpsCommand } from "./ops_args.ts";
import { errorSummary, type Fetch, get } from "./ops_client.ts";

export const TIMINGS_HELP =
  `Usage: fakeai timings compare CLIENT_FILE [--ledger FILE | --url URL] [--format text|json]

Compare a benchmark client's per-request timings with the server's timing ledger (started with
--timing-ledger): for TTFT, each inter-token gap and the last token, the client's value minus
the time the server handed the bytes to the socket (mean offset, percentiles, spread).
CLIENT_FILE is one of:
  FakeAI JSON Lines      {"request_id": ..., "ttft_ms": ..., "itl_ms": [...]} per line
  AIPerf                 profile_export.jsonl (paired by its X-Request-ID)
  genai-perf             profile_export.json (no request ids: paired by start time)
  --ledger FILE          The ledger as saved from GET /v1/fakeai/timings (default: read it live).
  --url URL              Server base URL. Default: http://127.0.0.1:PORT with the configured port.
  --format FORMAT        text (default) or json.
  --api-key-file PATH | --api-key KEY
                         The key to read the ledger with, when the server requires keys
                         (default: FAKEAI_ADMIN_KEY).
  --timeout SECONDS      Give up on reading the ledger after this long (default 3).
Exit 0 when requests were compared, 1 when the ledger cannot be read or nothing pairs up, 2 on a
usage error or an unreadable client file.
`;

const FLAGS = ["url", "timeout", "format", "api-key", "api-key-file"] as const;

export async function timingsCommand(
  argv: readonly string[],
  io: CliIo,
  fetchImpl?: Fetch,
): Promise<number> {
  const [action, ...rest] = argv;
  if (action === undefined || action === "-h" || action === "--help") {
    (action === undefined ? io.err : io.out)(TIMINGS_HELP);
    return action === undefined ? 2 : 0;
  }
  if (action !== "compare") {
    io.err(`fakeai timings: unknown action "${action}": expected compare (fakeai timings --help)`);
    return 2;
  }
  const name = "timings compare";
  const { file, ledger, others } = positional(rest);
  const start = startOpsCommand(name, TIMINGS_HELP, others, FLAGS, io, (args) => [
    ...(file === undefined ? ["expected CLIENT_FILE"] : []),
    ...(["text", "json", undefined].includes(args.format)
      ? []
      : [`--format: expected text or json, got "${args.format}"`]),
    ...(ledger === "" ? ["--ledger: expects a value"] : []),
  ]);
  if (typeof start === "number") return start;
  const { args, target } = start;

  let client;
  try {
    client = parseClientTimings(await Deno.readTextFile(file!));
  } catch (err) {
    io.err(`fakeai ${name}: ${file}: ${(err as Error).message}`);
    return 2;
  }
  let ledgerText: string;
  if (ledger !== undefined) {
    try {
      ledgerText = await Deno.readTextFile(ledger);
    } catch (err) {
      io.err(`fakeai ${name}: --ledger ${ledger}: ${(err as Error).message}`);
      return 2;
    }
  } else {
    const key = adminKey(args, io.env);
    if ("error" in key) {
      io.err(`fakeai ${name}: ${key.error}`);
      return 2;
    }
    if (key.key !== undefined) target.headers.authorization = `Bearer ${key.key}`;
    const res = await get(target, "/v1/fakeai/timings", args.timeoutSeconds, fetchImpl);
    if (!res.ok) {
      io.err(`fakeai ${name}: cannot reach ${res.url}: ${res.error}`);
      return 1;
    }
    if (res.status !== 200) {
      io.err(`fakeai ${name}: ${res.url}: ${errorSummary(res.status, res.body)}`);
      return 1;
    }
    ledgerText = res.body;
  }
  let report;
  try {
    report = compareTimings(client, serverTimingsOf(ledgerText));
  } catch (err) {
    io.err(`fakeai ${name}: ${(err as Error).message}`);
    return 1;
  }
  io.out(args.format === "json" ? JSON.stringify(report, null, 2) : formatComparison(report));
  if (report.paired === 0) {
    io.err(`fakeai ${name}: no client request matches a ledger record`);
    return 1;
  }
  return 0;
}

/** CLIENT_FILE (the first argument not a flag) and --ledger, which the ops flags do not know. */
function positional(args: readonly string[]) {
  let file: string | undefined;
  let ledger: string | undefined;
  const others: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--ledger") ledger = args[++i] ?? "";
    else if (arg.startsWith("--ledger=")) ledger = arg.slice("--ledger=".length);
    else if (file === undefined && !arg.startsWith("-")) file = arg;
    else {
      others.push(arg);
      // A flag's value stays with its flag.
      if (/^--(url|timeout|format|api-key|api-key-file)$/.test(arg) && i + 1 < args.length) {
        others.push(args[++i]);
      }
    }
  }
  return { file, ledger, others };
}
