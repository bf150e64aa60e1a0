/**
 * `fakeai status [--url URL] [--timeout SECONDS]`: health and the key figures of /metrics, for a
 * person. Exit 0 when healthy, 1 when the server is unreachable or not healthy.
 */
import type { CliIo } from "./io.ts";
import { startOpsCommand } from "./ops_args.ts";
import { errorSummary, type Fetch, get } from "./ops_client.ts";
import { type HealthBody, type MetricsBody, statusLines } from "./status_report.ts";

export const STATUS_HELP = `Usage: fakeai status [--url URL] [--timeout SECONDS]

Health and key metrics (uptime, requests/s, p99 latency, tokens/s, active streams, error rate)
read from /health and /metrics. Exit 0 when healthy, 1 otherwise.
  --url URL            Server base URL. Default: http://127.0.0.1:PORT with the configured port.
  --timeout SECONDS    Give up after this long (default 3).
`;

export async function statusCommand(
  argv: readonly string[],
  io: CliIo,
  fetchImpl?: Fetch,
): Promise<number> {
  const start = startOpsCommand("status", STATUS_HELP, argv, ["url", "timeout"], io);
  if (typeof start === "number") return start;
  const { args, target } = start;
  const [health, metrics] = await Promise.all([
    get(target, "/health", args.timeoutSeconds, fetchImpl),
    get(target, "/metrics", args.timeoutSeconds, fetchImpl),
  ]);
  if (!health.ok) {
    io.err(`fakeai status: cannot reach ${health.url}: ${health.error}`);
    return 1;
  }
  const healthBody = parseJson<HealthBody>(health.body) ?? {};
  if (!healthBody.status) healthBody.status = errorSummary(health.status, health.body);

  let metricsBody: MetricsBody | string;
  if (metrics.ok && metrics.status === 200) {
    metricsBody = parseJson<MetricsBody>(metrics.body) ?? "not JSON";
  } else if (metrics.ok && metrics.status === 404) {
    metricsBody = "disabled on this server (FAKEAI_METRICS_ENABLED=false)";
  } else {
    metricsBody = `unavailable: ${
      metrics.ok ? errorSummary(metrics.status, metrics.body) : metrics.error
    }`;
  }
  for (const line of statusLines(target.origin, healthBody, metricsBody)) io.out(line);
  return health.status === 200 && healthBody.status === "healthy" ? 0 : 1;
}

function parseJson<T>(text: string): T | undefined {
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" ? value as T : undefined;
  } catch {
    return undefined;
  }
}
