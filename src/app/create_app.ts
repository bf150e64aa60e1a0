/** createApp(deps): the whole HTTP surface as a Hono app. No sockets, no environment reads. */
import { Hono, type MiddlewareHandler } from "hono";
import { registerChat } from "../api/openai/chat.ts";
import { registerDcgm } from "../api/ops/dcgm.ts";
import { registerDashboard } from "../api/ops/dashboard.ts";
import { gpuFleet } from "../api/ops/gpu_fleet.ts";
import { registerHealthDetailed } from "../api/ops/health_detailed.ts";
import { registerMetricsStream } from "../api/ops/metrics_stream.ts";
import { registerAudio } from "../api/openai/audio.ts";
import { registerEmbeddings } from "../api/openai/embeddings.ts";
import { registerModerations } from "../api/openai/moderations.ts";
import { registerRanking } from "../api/nim/ranking.ts";
import { registerFilesAndBatches } from "../api/openai/files_and_batches.ts";
import { registerCompletions } from "../api/openai/completions.ts";
import { registerResponses } from "../api/openai/responses.ts";
import { registerScenarios } from "../api/ops/scenarios.ts";
import { registerTimings } from "../api/ops/timings.ts";
import { timingEnds } from "../api/openai/timing_hooks.ts";
import { TimingLedger, type TimingQuery } from "../timing/timing_ledger.ts";
import type { TimingRecordData } from "../timing/timing_record.ts";
import { registerMessages } from "../api/anthropic/messages.ts";
import { anthropicErrorResponse, isMessagesPath } from "../api/anthropic/anthropic_errors.ts";
import { UpstreamRecorder } from "../api/openai/upstream_recorder.ts";
import { registerImages } from "../api/openai/images.ts";
import { registerModels } from "../api/openai/models.ts";
import { registerHealth } from "../api/ops/health.ts";
import { registerMetrics } from "../api/ops/metrics.ts";
import { registerKvCache } from "../api/ops/kv_cache.ts";
import { registerMetricsHistory } from "../api/ops/metrics_history.ts";
import type { MetricsStore } from "../metrics/metrics_store.ts";
import { MetricsRegistry } from "../metrics/registry.ts";
import { kvCacheStats } from "../engine/kv/kv_cache.ts";
import type { ApiDeps } from "../api/deps.ts";
import type { Config } from "../config/schema.ts";
import type { Engine } from "../engine/engine.ts";
import type { AppEnv } from "../server/app_env.ts";
import { ApiError, errorResponse, errors } from "../server/errors.ts";
import { Lifecycle } from "../server/lifecycle.ts";
import type { Logger } from "../util/logger.ts";
import { auth } from "../traffic/auth/auth_middleware.ts";
import { cors } from "../server/cors.ts";
import { headRequests } from "../server/head_requests.ts";
import { errorInjection } from "../traffic/faults/error_injection_middleware.ts";
import { rateLimit } from "../traffic/rate_limit/rate_limit_middleware.ts";
import { requestContext } from "../server/request_context.ts";
import { security } from "../traffic/security/security_middleware.ts";
import { routeMatcher } from "../server/route_matcher.ts";
import { BodyDeadlines, setBodyDeadline } from "../server/body.ts";
import { forwardedReport } from "../server/forwarded_requests.ts";
import { setResponseHeader } from "../server/response_headers.ts";
import { passThrough } from "../server/pass_through.ts";
import type { RateLimitStore } from "../traffic/rate_limit/rate_limit_store.ts";
import type { SharedCount } from "../util/shared_count.ts";
import type { AbuseCheck } from "../traffic/security/abuse_tracker.ts";
import type { ImageBook } from "../modalities/images/image_store.ts";
import type { WorkerShare } from "../metrics/registry_snapshot.ts";
import type { ScenarioBook } from "../engine/scenarios/scenario_book.ts";

export interface AppDeps {
  config: Config;
  engine: Engine;
  logger: Logger;
  lifecycle?: Lifecycle;
  /** Open metrics database (serve.ts opens it); absent when persistence is off. */
  metricsStore?: MetricsStore | null;
  /** Scripted answers (FAKEAI_SCENARIOS); absent or null when none are configured. */
  scenarios?: ScenarioBook | null;
  /** This isolate's part in a multi-worker server (absent: the whole server is this isolate). */
  cluster?: ClusterWiring;
}

/** How one isolate of a multi-worker server reaches the state the whole server shares. */
export interface ClusterWiring {
  /** This isolate's number (0: the main thread), sent as x-fakeai-worker on every response. */
  worker: number;
  /** Rate-limit buckets every isolate uses (when limits are kept in memory). */
  rateStore?: RateLimitStore;
  /** Worker isolates: requests for state the owner isolate holds are handed to it. */
  forward?: MiddlewareHandler<AppEnv>;
  /** The whole server's metrics, for the views (the owner merges; a worker asks the owner). */
  scrape?: () => Promise<MetricsRegistry | null>;
  /** Open live-metrics subscriptions of the whole server, in shared memory. */
  liveSubscribers?: SharedCount;
  /** Abuse detection of the whole server (the owner's tracker, or a worker's ban replica). */
  abuse?: AbuseCheck;
  /** Generated images of the whole server (the owner's store, or calls to it). */
  images?: ImageBook;
  /** The owner: each isolate's part of the traffic at the last scrape. */
  workerShares?: () => WorkerShare[];
  /** The owner: every isolate's timing records (FAKEAI_TIMING_LEDGER), merged by arrival. */
  timings?: (query: TimingQuery) => Promise<TimingRecordData[]>;
}

export function createApp(
  deps: AppDeps,
): {
  app: Hono<AppEnv>;
  lifecycle: Lifecycle;
  metrics: MetricsRegistry | null;
  timingLedger: TimingLedger | null;
} {
  const { config, engine, logger } = deps;
  const lifecycle = deps.lifecycle ?? new Lifecycle();
  const app = new Hono<AppEnv>();

  const metrics = config.metricsEnabled
    ? new MetricsRegistry({
      clock: engine.clock,
      windowSeconds: config.metricsWindowSize,
      kvCache: () => kvCacheStats(engine.kv),
    })
    : null;
  if (metrics) {
    engine.kv.onLookup((model, promptTokens, cachedTokens) =>
      metrics.prefixLookup(model, promptTokens, cachedTokens)
    );
  }
  const timingLedger = config.timingLedger
    ? new TimingLedger({
      clock: engine.clock,
      maxRequests: config.timingLedgerMaxRequests,
      worker: deps.cluster?.worker ?? 0,
    })
    : null;
  app.use(headRequests());
  app.use(requestContext({ clock: engine.clock, ids: engine.ids, logger, metrics }));
  if (timingLedger) app.use(timingEnds(engine.clock));
  if (deps.cluster) {
    const worker = String(deps.cluster.worker);
    app.use(async (c, next) => {
      await next();
      setResponseHeader(c, "x-fakeai-worker", worker);
    });
  }
  app.use(cors(config.corsAllowedOrigins, config.corsAllowCredentials));
  const bodyDeadlines = config.bodyTimeoutSeconds > 0
    ? new BodyDeadlines(config.bodyTimeoutSeconds, engine.clock)
    : null;
  // Only an isolate of a multi-worker server is handed forwarded requests: check only there.
  const cluster = deps.cluster !== undefined;
  // Admission, one layer: the body deadline, then the drain. Pass-through middlewares return
  // next() rather than awaiting it: one promise fewer per layer.
  app.use((c, next) => {
    // (Reading `body` here would turn a buffered body into a stream: leave it untouched.)
    if (bodyDeadlines) setBodyDeadline(c.req.raw, bodyDeadlines);
    if (cluster && forwardedReport(c.req.raw)) return next(); // admitted where it arrived
    if (lifecycle.draining && c.req.path !== "/health" && c.req.path !== "/health/detailed") {
      c.set("errorType", "shutting_down");
      c.res = errorResponse(errors.shuttingDown(), { connection: "close" });
      return Promise.resolve();
    }
    return next();
  });
  // Traffic control, in this order: auth → abuse → rate limit → fault injection.
  const traffic = [
    auth(deps),
    security({ config, clock: engine.clock, logger, metrics, abuse: deps.cluster?.abuse }),
    rateLimit({ config, engine, logger, metrics, sharedStore: deps.cluster?.rateStore }),
    errorInjection({ config, engine, lifecycle }),
  ];
  for (const check of traffic) {
    if (check === passThrough) continue; // off in this configuration
    app.use(cluster ? (c, next) => forwardedReport(c.req.raw) ? next() : check(c, next) : check);
  }
  if (deps.cluster?.forward) app.use(deps.cluster.forward);

  registerHealth(app, engine.clock, lifecycle);
  registerModels(app, engine.models);
  const scrape = deps.cluster?.scrape ?? (() => Promise.resolve(metrics));
  const wholeServer = deps.cluster?.scrape;
  const liveSubscribers = deps.cluster?.liveSubscribers;
  const api: ApiDeps = {
    config,
    engine,
    lifecycle,
    logger,
    metrics,
    scrape,
    wholeServer,
    liveSubscribers,
    images: deps.cluster?.images,
    workerShares: deps.cluster?.workerShares,
    timingLedger,
    timings: deps.cluster?.timings,
    gpuFleet: gpuFleet(config, engine.clock),
    scenarios: deps.scenarios ?? null,
    recorder: config.recordUpstream === null ? null : new UpstreamRecorder({
      upstream: config.recordUpstream,
      apiKey: config.recordUpstreamApiKey,
      file: config.recordFile,
      book: deps.scenarios ?? null,
      clock: engine.clock,
      logger,
    }),
  };
  registerMetrics(app, api);
  registerKvCache(app, api);
  registerHealthDetailed(app, api);
  registerMetricsStream(app, api);
  registerDashboard(app, api);
  registerMetricsHistory(app, deps.metricsStore ?? null);
  registerChat(app, api);
  registerDcgm(app, api);
  registerAudio(app, api);
  registerEmbeddings(app, api);
  registerModerations(app, api);
  registerRanking(app, api);
  registerImages(app, api);
  registerFilesAndBatches(app, api);
  registerCompletions(app, api);
  registerResponses(app, api);
  registerScenarios(app, api);
  registerTimings(app, api);
  registerMessages(app, api);

  const routes = routeMatcher(app);
  app.notFound((c) => {
    const { methods, routePath } = routes.methodsFor(c.req.path);
    if (routePath) c.set("routePattern", routePath);
    const err = methods.length > 0
      ? errors.methodNotAllowed(c.req.method, c.req.path, methods)
      : errors.unknownRoute(c.req.method, c.req.path);
    c.set("errorType", err.code ?? err.type);
    return errorResponse(err);
  });
  app.onError((err, c) => {
    if (err instanceof ApiError) {
      c.set("errorType", err.code ?? err.type);
      return isMessagesPath(c.req.path) ? anthropicErrorResponse(err) : errorResponse(err);
    }
    if (c.req.raw.signal.aborted) return new Response(null, { status: 499 });
    logger.error("unhandled error", {
      request_id: c.get("requestId"),
      path: c.req.path,
      error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
      stack: err instanceof Error ? err.stack : undefined,
    });
    c.set("errorType", "internal_error");
    return errorResponse(errors.internal());
  });
  return { app, lifecycle, metrics, timingLedger };
}
