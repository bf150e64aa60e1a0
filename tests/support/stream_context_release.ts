/**
 * Run by stream_context_release_test.ts with --expose-gc: opens one stream on every streaming
 * route, keeps each response's body open (the manual clock never moves, so no stream ends), drops
 * the request, collects, and prints which requests are still in memory.
 */
import { streamedChat, testApp } from "./in_process.ts";

const gc = (globalThis as unknown as { gc: () => void }).gc;
// Rate limits on: their middleware settles the charge when a stream ends.
const { app, lifecycle } = testApp({ rateLimitEnabled: true, accessLog: true });

const BODIES: Record<string, unknown> = {
  "/v1/chat/completions": streamedChat(),
  "/v1/completions": { model: "gpt-3.5-turbo-instruct", prompt: "hello", stream: true },
  "/v1/responses": { model: "gpt-4o", input: "hello", stream: true },
  "/v1/messages": {
    model: "claude-sonnet-4-5",
    max_tokens: 4,
    messages: [{ role: "user", content: "hello" }],
    stream: true,
  },
};

const open: ReadableStream<Uint8Array>[] = [];

/** Starts one stream; only a weak reference to its request leaves this function. */
async function startStream(path: string): Promise<WeakRef<Request>> {
  const request = new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "anthropic-version": "2023-06-01" },
    body: JSON.stringify(BODIES[path]),
  });
  const response = await app.fetch(request);
  if (response.status !== 200 || !response.body) {
    throw new Error(`${path}: ${response.status} ${await response.text()}`);
  }
  open.push(response.body);
  return new WeakRef(request);
}

const refs: Record<string, WeakRef<Request>> = {};
for (const path of Object.keys(BODIES)) refs[path] = await startStream(path);
// A WeakRef's target lives until the end of the job that made it: collect on a later turn.
await new Promise((resolve) => setTimeout(resolve, 0));
gc();
gc();
const retained = Object.keys(refs).filter((path) => refs[path].deref() !== undefined);
console.log(JSON.stringify({ retained, inFlight: lifecycle.inFlight, held: open.length }));
Deno.exit(0);
