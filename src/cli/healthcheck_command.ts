/**
 * `fakeai healthcheck [--url URL] [--timeout SECONDS]`: GET /health, exit 0 when the server answers
 * 200 "healthy", 1 otherwise with one line saying why. For images without curl (distroless).
 */
import type { CliIo } from "./io.ts";
import { startOpsCommand } from "./ops_args.ts";
import { errorSummary, type Fetch, get } from "./ops_client.ts";

export const HEALTHCHECK_HELP = `Usage: fakeai healthcheck [--url URL] [--timeout SECONDS]

GET /health and exit 0 when the server answers 200 "healthy", 1 otherwise (one line says why).
  --url URL            Server base URL. Default: http://127.0.0.1:PORT with the configured port
                       (FAKEAI_PORT, --config/FAKEAI_CONFIG file), or FAKEAI_HOST when it names one address.
  --timeout SECONDS    Give up after this long (default 3).
`;

export async function healthcheckCommand(
  argv: readonly string[],
  io: CliIo,
  fetchImpl?: Fetch,
): Promise<number> {
  const start = startOpsCommand("healthcheck", HEALTHCHECK_HELP, argv, ["url", "timeout"], io);
  if (typeof start === "number") return start;
  const { args, target } = start;
  const res = await get(target, "/health", args.timeoutSeconds, fetchImpl);
  if (!res.ok) {
    io.err(`fakeai healthcheck: unhealthy: ${res.url}: ${res.error}`);
    return 1;
  }
  let body: { status?: unknown; version?: unknown; uptime?: unknown } = {};
  try {
    body = JSON.parse(res.body);
  } catch {
    // judged by the status line below
  }
  if (res.status !== 200 || body.status !== "healthy") {
    const why = res.status === 200
      ? `status "${String(body.status)}"`
      : errorSummary(res.status, res.body);
    io.err(`fakeai healthcheck: unhealthy: ${res.url}: ${why}`);
    return 1;
  }
  io.out(`healthy: ${res.url} (version ${body.version}, uptime ${body.uptime} s)`);
  return 0;
}
