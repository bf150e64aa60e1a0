/**
 * Which requests a worker isolate hands to the owner isolate of a multi-worker server: those
 * whose state lives only there. Files, batches, stored responses and images are kept by the
 * owner; the metrics views merge every isolate's registry there; admin clears act on the owner's
 * caches. In engine latency mode the owner's schedulers batch every generation of the server.
 * The live metrics WebSocket is not forwarded (a WebSocket cannot be): workers serve it from
 * merged snapshots.
 */
import type { Config } from "../config/schema.ts";
import { METRICS_STREAM_PATHS } from "../api/ops/metrics_stream.ts";

const OWNED_PREFIXES = [
  "/v1/files",
  "/v1/batches",
  "/v1/responses",
  "/v1/images/",
  "/images/",
  "/metrics",
  "/dcgm/",
  "/kv-cache/",
  "/health/detailed",
  "/admin/",
];

const GENERATING_PATHS = ["/v1/chat/completions", "/v1/completions"];

export function ownedRoutes(config: Config): (method: string, path: string) => boolean {
  const prefixes = config.latencyMode === "engine"
    ? [...OWNED_PREFIXES, ...GENERATING_PATHS]
    : OWNED_PREFIXES;
  const live = new Set<string>(METRICS_STREAM_PATHS);
  return (_method, path) => {
    if (live.has(path)) return false;
    for (const prefix of prefixes) if (path.startsWith(prefix)) return true;
    return false;
  };
}
