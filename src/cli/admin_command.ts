/**
 * `fakeai admin clear-cache|clear-kv-cache`: one admin action on a running server, for cron. Sends
 * the API key (admin routes need one when keys are required) and prints the server's JSON answer.
 */
import { adminKey } from "./admin_key.ts";
import type { CliIo } from "./io.ts";
import { startOpsCommand } from "./ops_args.ts";
import { errorSummary, type Fetch, post } from "./ops_client.ts";

const ACTIONS: Readonly<Record<string, string>> = {
  "clear-cache": "/admin/clear-cache",
  "clear-kv-cache": "/admin/clear-kv-cache",
};
const FLAGS = ["url", "timeout", "api-key", "api-key-file"] as const;

export const ADMIN_HELP =
  `Usage: fakeai admin clear-cache|clear-kv-cache [--api-key-file PATH | --api-key KEY] [--url URL]

Run one admin action on a running server and print its JSON answer:
  clear-cache          POST /admin/clear-cache: empty the prompt cache.
  clear-kv-cache       POST /admin/clear-kv-cache: drop the KV-cache blocks no running request holds.
The API key (sent as Authorization: Bearer, needed when the server requires keys):
  --api-key-file PATH  The first key line of PATH (blank lines and # comments skipped): a keys file
                       of the server will do, and the key stays out of ps and crontab.
  --api-key KEY        The key itself.
                       Without either: FAKEAI_ADMIN_KEY, else no key.
  --url URL            Server base URL. Default: http://127.0.0.1:PORT with the configured port.
  --timeout SECONDS    Give up after this long (default 3).
Exit 0 when the server answered 2xx, 1 when it refused or could not be reached, 2 on a usage error.
`;

export async function adminCommand(
  argv: readonly string[],
  io: CliIo,
  fetchImpl?: Fetch,
): Promise<number> {
  const [action, ...rest] = argv;
  if (action === "-h" || action === "--help") {
    io.out(ADMIN_HELP);
    return 0;
  }
  const path = action === undefined ? undefined : ACTIONS[action];
  if (path === undefined) {
    const given = action === undefined ? "no action" : `unknown action "${action}"`;
    io.err(`fakeai admin: ${given}: expected clear-cache or clear-kv-cache (fakeai admin --help)`);
    return 2;
  }
  const name = `admin ${action}`;
  const start = startOpsCommand(name, ADMIN_HELP, rest, FLAGS, io);
  if (typeof start === "number") return start;
  const { args, target } = start;
  const key = adminKey(args, io.env);
  if ("error" in key) {
    io.err(`fakeai ${name}: ${key.error}`);
    return 2;
  }
  if (key.key !== undefined) target.headers.authorization = `Bearer ${key.key}`;
  const res = await post(target, path, args.timeoutSeconds, fetchImpl);
  if (!res.ok) {
    io.err(`fakeai ${name}: cannot reach ${res.url}: ${res.error}`);
    return 1;
  }
  if (res.status < 200 || res.status > 299) {
    const refused = res.status === 401 || res.status === 403;
    const why = refused ? ` (${keyNote(key.key !== undefined, key.from)})` : "";
    io.err(`fakeai ${name}: ${res.url}: ${errorSummary(res.status, res.body)}${why}`);
    return 1;
  }
  io.out(res.body.replace(/\n$/, ""));
  return 0;
}

/** Said after a 401/403: which key was refused, or how to give one. */
function keyNote(sent: boolean, from: string): string {
  return sent
    ? `the key from ${from}`
    : "no key sent: give --api-key-file PATH, --api-key KEY or FAKEAI_ADMIN_KEY";
}
