/** The text of `fakeai status`, from the /health and /metrics JSON bodies (pure). */

/** Endpoints of the operations surface: left out of the API request rate and latency. */
const OPS_PREFIXES = ["/health", "/metrics", "/dcgm", "/kv-cache", "/admin"];

interface EndpointStats {
  rate?: number;
  count?: number;
  p99?: number;
}

export interface MetricsBody {
  requests?: Record<string, EndpointStats>;
  responses?: Record<string, number>;
  tokens?: { rate?: number; total?: number };
  errors?: { rate?: number; total?: number };
  streaming_stats?: { active_streams?: number };
  memory?: { rss_bytes?: number };
  window_seconds?: number;
  uptime_seconds?: number;
}

export interface HealthBody {
  status?: string;
  version?: string;
  uptime?: number;
}

export function isOpsEndpoint(endpoint: string): boolean {
  return OPS_PREFIXES.some((p) => endpoint === p || endpoint.startsWith(p + "/"));
}

/** `metrics` is a string saying why when there are none (turned off, unreachable). */
export function statusLines(
  origin: string,
  health: HealthBody,
  metrics: MetricsBody | string,
): string[] {
  const lines = [`FakeAI ${health.version ?? "?"} at ${origin}: ${health.status ?? "unknown"}`];
  const row = (label: string, value: string, note = "") =>
    lines.push(`  ${label.padEnd(16)}  ${note ? value.padEnd(12) + note : value}`);
  if (typeof metrics === "string") {
    row("uptime", duration(health.uptime ?? 0));
    row("metrics", metrics);
    return lines;
  }
  row("uptime", duration(metrics.uptime_seconds ?? health.uptime ?? 0));
  const api = Object.entries(metrics.requests ?? {}).filter(([e]) => !isOpsEndpoint(e));
  const rate = api.reduce((sum, [, s]) => sum + (s.rate ?? 0), 0);
  row("requests/s", fixed(rate, 2), `(API endpoints, last ${metrics.window_seconds ?? "?"} s)`);
  const worst = api
    .filter(([, s]) => (s.rate ?? 0) > 0 && s.p99 !== undefined)
    .sort(([, a], [, b]) => (b.p99 ?? 0) - (a.p99 ?? 0))[0];
  if (worst) row("p99 latency", `${fixed((worst[1].p99 ?? 0) * 1000, 1)} ms`, `(${worst[0]})`);
  else row("p99 latency", "-", "(no API requests in the window)");
  row("tokens/s", fixed(metrics.tokens?.rate ?? 0, 1));
  row("active streams", String(metrics.streaming_stats?.active_streams ?? 0));
  row("error rate", `${fixed((metrics.errors?.rate ?? 0) * 100, 2)} %`);
  const byClass = new Map<string, number>();
  let total = 0;
  for (const [status, count] of Object.entries(metrics.responses ?? {})) {
    const cls = `${status[0]}xx`;
    byClass.set(cls, (byClass.get(cls) ?? 0) + count);
    total += count;
  }
  const classes = [...byClass].sort().map(([cls, n]) => `${cls} ${n}`).join(" · ");
  row("requests total", String(total), classes ? `(${classes})` : "");
  if (metrics.memory?.rss_bytes !== undefined) {
    row("memory (RSS)", `${fixed(metrics.memory.rss_bytes / 1048576, 1)} MiB`);
  }
  return lines;
}

export function duration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = d > 0
    ? [`${d}d`, `${h}h`, `${m}m`]
    : h > 0
    ? [`${h}h`, `${m}m`]
    : m > 0
    ? [`${m}m`]
    : [];
  return [...parts, `${s % 60}s`].join(" ");
}

function fixed(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : "-";
}
