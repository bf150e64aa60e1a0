/**
 * GET /metrics/streaming (and /metrics/stream): live metrics over a WebSocket. A plain GET gets
 * 426; beyond FAKEAI_METRICS_STREAM_MAX_CLIENTS subscribers the handshake is refused with 503.
 * A client offering the `fakeai.metrics` subprotocol (browsers sending their API key beside it,
 * see websocket_key.ts) gets it selected.
 */
import { LiveMetricsSession, SnapshotCache } from "../../metrics/live_session.ts";
import type { MetricsRegistry } from "../../metrics/registry.ts";
import type { App } from "../../server/app_env.ts";
import { errors } from "../../server/errors.ts";
import type { ApiDeps } from "../deps.ts";
import { SharedCount } from "../../util/shared_count.ts";
import type { LiveSources } from "../../metrics/live_breakdown.ts";
import { METRICS_SUBPROTOCOL, offeredSubprotocols } from "../../traffic/auth/websocket_key.ts";
import { gpuFleet } from "./gpu_fleet.ts";

export const METRICS_STREAM_PATHS = ["/metrics/streaming", "/metrics/stream"] as const;

export function registerMetricsStream(app: App, deps: ApiDeps): void {
  const subscribers = deps.liveSubscribers ?? new SharedCount();
  const fleet = deps.gpuFleet ?? gpuFleet(deps.config, deps.engine.clock);
  const kv = deps.engine.kv;
  const sources: LiveSources = {
    kvWorkers: () =>
      kv.workers.map((w) => ({
        worker: w.index,
        usage: w.capacityBlocks === 0
          ? 0
          : Math.round(w.cachedBlocks / w.capacityBlocks * 1e4) / 1e4,
        active_requests: w.activeRequests,
      })),
    gpus: (registry) => fleet.read(registry).readings,
    timingLedger: deps.config.timingLedger,
  };
  const snapshots = deps.metrics
    ? new SnapshotCache(deps.metrics, undefined, deps.wholeServer, sources)
    : null;
  const max = deps.config.metricsStreamMaxClients;
  for (const path of METRICS_STREAM_PATHS) {
    app.get(path, (c) => {
      const registry = deps.metrics;
      if (!registry || !snapshots) throw errors.metricsDisabled();
      if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
        throw errors.upgradeRequired(path);
      }
      if (!subscribers.tryTake(max)) throw errors.tooManySubscribers(max);
      let upgrade: { response: Response; socket: WebSocket };
      try {
        const offered = offeredSubprotocols(c.req.header("sec-websocket-protocol"));
        const protocol = offered.includes(METRICS_SUBPROTOCOL) ? METRICS_SUBPROTOCOL : undefined;
        upgrade = Deno.upgradeWebSocket(c.req.raw, protocol ? { protocol } : undefined);
      } catch (err) {
        subscribers.give();
        throw errors.invalidWebSocketHandshake((err as Error).message);
      }
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        subscribers.give();
        session.close();
      };
      const session = attach(upgrade.socket, registry, snapshots, release);
      return upgrade.response;
    });
  }
}

function attach(
  socket: WebSocket,
  registry: MetricsRegistry,
  snapshots: SnapshotCache,
  release: () => void,
) {
  const sink = {
    send: (text: string) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
    },
    bufferedAmount: () => socket.bufferedAmount,
  };
  const session = new LiveMetricsSession(registry, sink, snapshots);
  socket.onopen = () => session.start();
  socket.onmessage = (e) => session.receive(e.data);
  socket.onclose = release;
  socket.onerror = release;
  return session;
}
