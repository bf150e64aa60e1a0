/** Per-request variables shared by middleware and routes. */
import type { Hono } from "hono";
import type { TimingRecord } from "../timing/timing_record.ts";

export interface AccessFields {
  model?: string;
  prompt_tokens?: number;
  completion_tokens?: number;
  stream?: boolean;
}

/**
 * How a stream ended. A stream forwarded to another isolate also brings back what only that
 * isolate knows (its route pattern and error type), since the context is not kept for the stream.
 */
export interface StreamEnd {
  outcome: "completed" | "aborted";
  routePattern?: string;
  errorType?: string;
}

export type AppEnv = {
  Variables: {
    requestId: string;
    /** Clock ms at arrival. */
    arrivedAt: number;
    access: AccessFields;
    /** OpenAI error code or type of a non-2xx answer, for the error metrics. */
    errorType?: string;
    /** Route pattern of a path that exists under other methods (a 405), for metrics labels. */
    routePattern?: string;
    /** The API key the auth middleware verified (absent when authentication is off). */
    verifiedKey?: string;
    /** The scenario rule that answered (sent back as x-fakeai-scenario-rule). */
    scenarioRule?: string;
    /** A scenario's stream fault (x-fakeai-fault syntax), in place of the request's header. */
    streamFault?: string;
    /** Set by streaming routes: resolves when the stream has ended. */
    streamEnd?: Promise<StreamEnd>;
    /** The request's timing-ledger record (FAKEAI_TIMING_LEDGER), once it has a plan. */
    timing?: TimingRecord;
  };
};

export type App = Hono<AppEnv>;
