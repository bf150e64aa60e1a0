/**
 * Binds the app to a socket (with --workers N, N isolates on one port), shuts down gracefully on
 * SIGINT/SIGTERM, reloads on SIGHUP.
 */
import type { Config } from "../config/schema.ts";
import { Engine } from "../engine/engine.ts";
import { systemClock } from "../util/clock.ts";
import { IdGenerator, randomInstanceSeed } from "../util/ids.ts";
import { VERSION } from "../version.ts";
import { type AppDeps, createApp } from "./create_app.ts";
import { setupAuth } from "./auth_setup.ts";
import { setupScenarios } from "./scenarios_setup.ts";
import { serveOnError } from "../streaming/connection_drop.ts";
import { type LogOutputs, openLogOutputs } from "./log_outputs.ts";
import { loadTls, type TlsPem } from "./tls_files.ts";
import type { AuthDeps } from "../traffic/auth/auth_middleware.ts";
import {
  openConfiguredMetricsStore,
  startMetricsPersistence,
} from "./metrics_persistence_setup.ts";
import { ReloadHooks } from "./reload_hooks.ts";
import { GracefulStop } from "./graceful_stop.ts";
import { ClusterOwner } from "./cluster_owner.ts";
import { workerCount } from "./worker_count.ts";

/** Serves until shutdown; `errorLine` prints one line for the operator (startup failures). */
export async function startServer(
  config: Config,
  errorLine: (line: string) => void,
): Promise<number> {
  const tls = loadTls(config);
  if ("error" in tls) {
    errorLine(`fakeai: error: ${tls.error}`);
    return 2;
  }
  const logs = openLogOutputs(config, errorLine);
  if ("error" in logs) {
    errorLine(logs.error);
    return 1;
  }
  try {
    return await serve(config, tls, logs, errorLine);
  } finally {
    logs.close(); // no queued log line is lost, whichever way serving ended
  }
}

async function serve(
  config: Config,
  tls: { pem: TlsPem | null },
  logs: LogOutputs,
  errorLine: (line: string) => void,
): Promise<number> {
  const { logger, logFile } = logs;
  // What SIGHUP re-reads: each feature adds its action here (never connections or settings).
  const reloads = new ReloadHooks(logger);
  if (logFile) {
    reloads.add("reopen log file", () => {
      logFile.reopen();
      logger.info("log file reopened", { path: logFile.path });
    });
  }
  const auth = setupAuth(config, logger, reloads);
  const scenarios = setupScenarios(config, logger, reloads);
  const problems = [
    ...("problems" in auth ? auth.problems : []),
    ...("problems" in scenarios ? scenarios.problems : []),
  ];
  if ("problems" in auth || "problems" in scenarios) {
    const n = problems.length;
    errorLine(`fakeai: invalid configuration (${n} problem${n > 1 ? "s" : ""}):`);
    for (const problem of problems) errorLine(`  - ${problem}`);
    return 2;
  }
  const engine = new Engine({
    config,
    clock: systemClock,
    ids: new IdGenerator(randomInstanceSeed()),
  });
  // Startup I/O happens here, not in createApp: a bad metrics database is one line and exit 1.
  const metricsStore = openConfiguredMetricsStore(config, logger);
  if (metricsStore && "error" in metricsStore) {
    errorLine(metricsStore.error);
    return 1;
  }
  const workers = workerCount(config.workers);
  const cluster = workers > 1 ? new ClusterOwner(config, engine, logger, workers - 1) : null;
  const appDeps: AppDeps & AuthDeps = {
    config,
    engine,
    logger,
    metricsStore,
    keyStore: auth.store,
    scenarios: scenarios.book,
    cluster: cluster?.wiring,
  };
  const { app, lifecycle, metrics, timingLedger } = createApp(appDeps);
  cluster?.attach(app, metrics, timingLedger);
  const persistence = startMetricsPersistence({
    store: metricsStore,
    registry: metrics,
    wholeServer: cluster ?? undefined,
    clock: engine.clock,
    config,
    logger,
  });

  // Listeners go in before the socket opens: a signal right after "listening" must drain too.
  let server: Deno.HttpServer<Deno.NetAddr> | undefined;
  const stopper = new GracefulStop(lifecycle, config.shutdownGraceSeconds, logger);
  let stopped = false;
  const stop = (signal: string) =>
    stopped
      ? undefined
      : Promise.all([stopper.stop(server, { signal }), cluster?.pool.drain(signal)]);
  const reload = (signal: string) => {
    void reloads.run(signal);
    cluster?.pool.broadcast("reload", { signal });
  };
  const handlers: Array<readonly [Deno.Signal, () => void]> = [
    ["SIGINT", () => void stop("SIGINT")],
  ];
  // Windows only delivers SIGINT and SIGBREAK. Elsewhere SIGTERM drains too, and SIGHUP needs a
  // listener or it would kill the process.
  if (Deno.build.os === "windows") handlers.push(["SIGBREAK", () => void stop("SIGBREAK")]);
  else {
    handlers.push(["SIGTERM", () => void stop("SIGTERM")]);
    handlers.push(["SIGHUP", () => reload("SIGHUP")]);
  }
  for (const [signal, handler] of handlers) Deno.addSignalListener(signal, handler);
  const unlisten = () => {
    for (const [signal, handler] of handlers) Deno.removeSignalListener(signal, handler);
    persistence?.stop();
  };
  try {
    server = Deno.serve({
      hostname: config.host,
      port: config.port,
      ...(cluster ? { reusePort: true } : {}),
      ...tls.pem,
      onError: serveOnError(logger),
      onListen: () => {}, // "listening" is logged below, once every worker listens too
    }, app.fetch);
  } catch (err) {
    errorLine(listenError(config, err));
    unlisten();
    return 1;
  }
  if (cluster) {
    try {
      await cluster.start(server.addr.port, tls.pem);
    } catch (err) {
      errorLine(`fakeai: error: ${(err as Error).message}`);
      await cluster.pool.drain("startup failure");
      await server.shutdown();
      unlisten();
      return 1;
    }
  }
  const { hostname, port } = server.addr;
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  logger.info("listening", {
    url: `${tls.pem ? "https" : "http"}://${host}:${port}`,
    version: VERSION,
    pid: Deno.pid,
    ...(cluster ? { workers } : {}),
  });

  // A signal that arrived while the socket was opening: drain now.
  if (stopper.stopping) void server.shutdown();
  await Promise.race([
    Promise.all([server.finished, cluster?.pool.drained]),
    stopper.gaveUp,
  ]);
  stopper.clear();
  persistence?.stop(); // the final snapshot, after the last request has been counted
  // The listeners stay until the process exits: a signal arriving now (a second SIGTERM) must
  // not kill it with the default action, exit 143, after a clean drain.
  stopped = true;
  logger.info("stopped");
  return 0;
}

function listenError(config: Config, err: unknown): string {
  if (err instanceof Deno.errors.AddrInUse) {
    return `fakeai: error: port ${config.port} on ${config.host} is already in use`;
  }
  if (err instanceof Deno.errors.PermissionDenied) {
    return `fakeai: error: not permitted to listen on ${config.host}:${config.port}`;
  }
  return `fakeai: error: cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`;
}
