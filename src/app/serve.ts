/** Binds the app to a socket, shuts down gracefully on SIGINT/SIGTERM, reloads on SIGHUP. */
import type { Config } from "../config/schema.ts";
import { Engine } from "../engine/engine.ts";
import { systemClock } from "../util/clock.ts";
import { IdGenerator, randomInstanceSeed } from "../util/ids.ts";
import { VERSION } from "../version.ts";
import { type AppDeps, createApp } from "./create_app.ts";
import { setupAuth } from "./auth_setup.ts";
import { serveOnError } from "../streaming/connection_drop.ts";
import { type LogOutputs, openLogOutputs } from "./log_outputs.ts";
import { loadTls, type TlsPem } from "./tls_files.ts";
import type { AuthDeps } from "../traffic/auth/auth_middleware.ts";
import {
  openConfiguredMetricsStore,
  startMetricsPersistence,
} from "./metrics_persistence_setup.ts";
import { ReloadHooks } from "./reload_hooks.ts";

/** After the grace period has aborted every stream: how long closing connections may take. */
const AFTER_GRACE_MS = 1_000;

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
  if ("problems" in auth) {
    const n = auth.problems.length;
    errorLine(`fakeai: invalid configuration (${n} problem${n > 1 ? "s" : ""}):`);
    for (const problem of auth.problems) errorLine(`  - ${problem}`);
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
  const appDeps: AppDeps & AuthDeps = {
    config,
    engine,
    logger,
    metricsStore,
    keyStore: auth.store,
  };
  const { app, lifecycle, metrics } = createApp(appDeps);
  const persistence = startMetricsPersistence({
    store: metricsStore,
    registry: metrics,
    clock: engine.clock,
    config,
    logger,
  });

  // Listeners go in before the socket opens: a signal right after "listening" must drain too.
  let server: Deno.HttpServer<Deno.NetAddr> | undefined;
  let stopping = false;
  // Connections that outlive the grace period (a client still sending its body, an idle
  // keep-alive the runtime will not close) must not keep the process alive.
  let giveUp = () => {};
  const gaveUp = new Promise<void>((resolve) => (giveUp = resolve));
  const timers: ReturnType<typeof setTimeout>[] = [];
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", {
      signal,
      in_flight: lifecycle.inFlight,
      grace_seconds: config.shutdownGraceSeconds,
    });
    lifecycle.beginDrain();
    timers.push(setTimeout(() => {
      logger.warn("grace period over: closing open streams", { in_flight: lifecycle.inFlight });
      lifecycle.abortAll();
      timers.push(setTimeout(() => {
        logger.warn("connections still open after the grace period: exiting anyway", {
          in_flight: lifecycle.inFlight,
        });
        giveUp();
      }, AFTER_GRACE_MS));
    }, config.shutdownGraceSeconds * 1000));
    await server?.shutdown();
    timers.forEach(clearTimeout);
  };
  const handlers: Array<readonly [Deno.Signal, () => void]> = [
    ["SIGINT", () => void stop("SIGINT")],
  ];
  // Windows only delivers SIGINT and SIGBREAK. Elsewhere SIGTERM drains too, and SIGHUP needs a
  // listener or it would kill the process.
  if (Deno.build.os === "windows") handlers.push(["SIGBREAK", () => void stop("SIGBREAK")]);
  else {
    handlers.push(["SIGTERM", () => void stop("SIGTERM")]);
    handlers.push(["SIGHUP", () => void reloads.run("SIGHUP")]);
  }
  for (const [signal, handler] of handlers) Deno.addSignalListener(signal, handler);
  try {
    server = Deno.serve({
      hostname: config.host,
      port: config.port,
      ...tls.pem,
      onError: serveOnError(logger),
      onListen: ({ hostname, port }) => {
        const host = hostname.includes(":") ? `[${hostname}]` : hostname;
        logger.info("listening", {
          url: `${tls.pem ? "https" : "http"}://${host}:${port}`,
          version: VERSION,
          pid: Deno.pid,
        });
      },
    }, app.fetch);
  } catch (err) {
    if (err instanceof Deno.errors.AddrInUse) {
      errorLine(`fakeai: error: port ${config.port} on ${config.host} is already in use`);
    } else if (err instanceof Deno.errors.PermissionDenied) {
      errorLine(`fakeai: error: not permitted to listen on ${config.host}:${config.port}`);
    } else {
      errorLine(
        `fakeai: error: cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`,
      );
    }
    for (const [signal, handler] of handlers) Deno.removeSignalListener(signal, handler);
    persistence?.stop();
    return 1;
  }

  // A signal that arrived while the socket was opening: drain now.
  if (stopping) void server.shutdown();
  await Promise.race([server.finished, gaveUp]);
  timers.forEach(clearTimeout);
  persistence?.stop(); // the final snapshot, after the last request has been counted
  for (const [signal, handler] of handlers) Deno.removeSignalListener(signal, handler);
  logger.info("stopped");
  return 0;
}
