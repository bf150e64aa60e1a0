/**
 * Entry point of a worker isolate of `--workers N` (run by worker_pool.ts as a Deno Worker): the
 * whole app, listening on the main thread's port with SO_REUSEPORT, with the state the server
 * shares reached through the main thread (the owner): rate-limit buckets and the KV cache in
 * shared memory, stateful routes forwarded (owned_routes.ts), stores by calls, metrics snapshots
 * on request. Signals reach it as notes from the main thread.
 */
import { Engine } from "../engine/engine.ts";
import { mergedRegistry } from "../metrics/registry.ts";
import type { RegistrySnapshot } from "../metrics/registry_snapshot.ts";
import { serveOnError } from "../streaming/connection_drop.ts";
import { SharedMemoryRateLimitStore } from "../traffic/rate_limit/shared_memory_store.ts";
import { clockOfOrigin } from "../util/clock.ts";
import { IdGenerator, randomInstanceSeed } from "../util/ids.ts";
import { setupAuth } from "./auth_setup.ts";
import { setupScenarios } from "./scenarios_setup.ts";
import { type AppDeps, createApp } from "./create_app.ts";
import type { AuthDeps } from "../traffic/auth/auth_middleware.ts";
import { GracefulStop } from "./graceful_stop.ts";
import { type Handlers, IsolateLink, type MessageEndpoint } from "./isolate_link.ts";
import { openLogOutputs } from "./log_outputs.ts";
import { IMAGE_METHODS, ownedRoutes, RESPONSE_METHODS } from "./owned_routes.ts";
import { remoteObject } from "./remote_object.ts";
import type { ResponseBook } from "../engine/response_store.ts";
import type { ImageBook } from "../modalities/images/image_store.ts";
import { ReloadHooks } from "./reload_hooks.ts";
import { RequestForwarder } from "./request_forwarding.ts";
import { SHARED_COUNTS, type WorkerSetup } from "./worker_pool.ts";
import { SharedCount } from "../util/shared_count.ts";
import { BanReplica } from "../traffic/security/ban_replica.ts";
import type { TimingQuery } from "../timing/timing_ledger.ts";
import { plainTimingRecord } from "../timing/timing_record.ts";

const handlers: Handlers = { start: (setup: WorkerSetup) => start(setup) };
const link = new IsolateLink(self as unknown as MessageEndpoint, handlers);

function start(setup: WorkerSetup): void {
  const { config, index } = setup;
  const fail = (message: string) => link.note("failed", { message });
  const logs = openLogOutputs(config, (line) => console.error(line));
  if ("error" in logs) return fail(logs.error);
  const { logger, logFile } = logs;
  const reloads = new ReloadHooks(logger);
  if (logFile) reloads.add("reopen log file", () => logFile.reopen());
  const auth = setupAuth(config, logger, reloads);
  if ("problems" in auth) return fail(auth.problems.join("; "));
  const scenarios = setupScenarios(config, logger, reloads);
  if ("problems" in scenarios) return fail(scenarios.problems.join("; "));
  const clock = clockOfOrigin(setup.timeOrigin);
  const engine = new Engine({
    config,
    clock,
    ids: new IdGenerator(randomInstanceSeed()),
    kv: setup.kv,
    responses: remoteObject<ResponseBook>(link, "responses", RESPONSE_METHODS),
  });
  // While someone watches /kv-cache/events (on the owner), this isolate's KV events go there too.
  engine.kv.forwardEvents((event) => link.note("kv.event", event));
  // Uploads (files) are the largest forwarded bodies: their limit plus room for the multipart frame.
  const maxForwarded = Math.max(config.maxRequestSize, config.filesMaxBytes + 1024 * 1024);
  const forwarder = new RequestForwarder(ownedRoutes(config), maxForwarded);
  forwarder.connect(link);
  const rateStore = setup.rateBuffer
    ? new SharedMemoryRateLimitStore(setup.rateBuffer, clock)
    : undefined;
  const bans = new BanReplica({
    clock,
    report: (client) => link.call("abuse.violation", { client }),
    onEvent: (event) => metrics?.abuse.inc([event]),
  });
  const appDeps: AppDeps & AuthDeps = {
    config,
    engine,
    logger,
    keyStore: auth.store,
    scenarios: scenarios.book,
    cluster: {
      worker: index,
      rateStore,
      forward: forwarder.middleware,
      abuse: bans,
      images: remoteObject<ImageBook>(link, "images", IMAGE_METHODS),
      liveSubscribers: new SharedCount(
        new Int32Array(setup.counts),
        SHARED_COUNTS.liveSubscribers,
      ),
      scrape: async () => {
        const merged = await link.call<RegistrySnapshot | null>("scrape");
        if (!merged || !metrics) return metrics;
        const { windowSeconds, kvCache } = metrics;
        return mergedRegistry({ clock, windowSeconds, kvCache }, [merged]);
      },
    },
  };
  const { app, lifecycle, metrics, timingLedger } = createApp(appDeps);
  const stopper = new GracefulStop(lifecycle, config.shutdownGraceSeconds, logger);
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      hostname: config.host,
      port: setup.port,
      reusePort: true,
      ...setup.tls,
      onError: serveOnError(logger),
      onListen: () => link.note("ready"),
    }, app.fetch);
  } catch (err) {
    logs.close();
    return fail(`worker ${index} cannot listen on port ${setup.port}: ${(err as Error).message}`);
  }
  const drain = async (signal: string) => {
    await stopper.stop(server, { signal, worker: index });
    await Promise.race([server.finished, stopper.gaveUp]);
    stopper.clear();
    logs.close();
    link.note("stopped", { snapshot: metrics?.snapshot() ?? null });
  };
  Object.assign(handlers, forwarder.handlers, {
    snapshot: () => metrics?.snapshot() ?? null,
    timings: (query: TimingQuery) => timingLedger?.select(query).map(plainTimingRecord) ?? [],
    "abuse.ban": (p: { client: string; until: number }) => bans.ban(p.client, p.until),
    reload: (p: { signal: string }) => void reloads.run(p.signal),
    drain: (p: { signal: string }) => void drain(p.signal),
  });
}
