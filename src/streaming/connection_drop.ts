/**
 * Dropping a connection on purpose (injected `timeout`, `disconnect` stream fault). Deno.serve
 * can only abort a response by erroring its body stream: the client then sees the transfer
 * break ("error reading a body from connection"), never a clean end. Deno reports every body
 * error to the server's onError; `serveOnError` keeps these planned drops out of the logs.
 */
import { errorResponse, errors } from "../server/errors.ts";
import type { Logger } from "../util/logger.ts";

export class ConnectionDropped extends Error {
  constructor() {
    super("connection dropped on purpose (fault injection)");
    this.name = "ConnectionDropped";
  }
}

/** A 200 response whose body fails at once: headers reach the client, then the connection breaks. */
export function droppedResponse(): Response {
  return new Response(
    new ReadableStream<Uint8Array>({
      start: (controller) => controller.error(new ConnectionDropped()),
    }),
    { status: 200, headers: { "content-type": "application/json" } },
  );
}

/** Deno.serve's onError: silent for planned drops, one log line (not a bare stack) otherwise. */
export function serveOnError(logger: Logger): (error: unknown) => Response {
  return (error) => {
    if (!(error instanceof ConnectionDropped)) {
      logger.error("unhandled error while serving", {
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        stack: error instanceof Error ? error.stack : undefined,
      });
    }
    return errorResponse(errors.internal());
  };
}
