/**
 * Which requests a worker isolate hands to the owner isolate of a multi-worker server: those
 * whose state lives only there. Files and batches are kept by the owner; the metrics views merge
 * every isolate's registry there, and the timing endpoints every isolate's ledger; admin clears act
 * on the owner's caches. In engine latency mode
 * the owner's schedulers batch every generation of the server. Stored responses and generated
 * images are kept by the owner too, but workers serve those routes themselves and reach the two
 * stores by calls (so generating them scales with the workers).
 * The live metrics WebSocket is not forwarded (a WebSocket cannot be): workers serve it from
 * merged snapshots.
 */
import type { Config } from "../config/schema.ts";
import { MESSAGES_PATH } from "../api/anthropic/anthropic_errors.ts";
import { METRICS_STREAM_PATHS } from "../api/ops/metrics_stream.ts";
import type { ImageBook } from "../modalities/images/image_store.ts";
import type { ResponseBook } from "../engine/response_store.ts";

const OWNED_PREFIXES = [
  "/v1/files",
  "/v1/batches",
  "/metrics",
  "/dcgm/",
  "/kv-cache/",
  "/health/detailed",
  "/admin/",
  "/v1/fakeai/timings", // the owner merges every isolate's timing ledger
];

const GENERATING_PATHS = [
  "/v1/chat/completions",
  "/v1/completions",
  "/v1/responses",
  MESSAGES_PATH,
];

/** The stores workers use by calls (remote_object.ts) rather than by forwarding routes. */
export const IMAGE_METHODS = ["get", "put"] as const satisfies ReadonlyArray<keyof ImageBook>;
export const RESPONSE_METHODS = ["get", "put", "delete"] as const satisfies ReadonlyArray<
  keyof ResponseBook
>;

export function ownedRoutes(config: Config): (method: string, path: string) => boolean {
  // Scenario counters (nth, sequences, hits) and the recorder are one per server: with scenarios
  // (application tests, not load) every generation is answered by the owner.
  const scripted = config.scenarioPaths.length > 0 || config.recordUpstream !== null;
  const prefixes = config.latencyMode === "engine" || scripted
    ? [...OWNED_PREFIXES, ...GENERATING_PATHS, ...(scripted ? ["/v1/fakeai/"] : [])]
    : OWNED_PREFIXES;
  const live = new Set<string>(METRICS_STREAM_PATHS);
  return (_method, path) => {
    if (live.has(path)) return false;
    for (const prefix of prefixes) if (path.startsWith(prefix)) return true;
    return false;
  };
}
