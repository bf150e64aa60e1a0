/**
 * Baseline for the benchmarks: a bare Hono app on Deno.serve answering chat completions with
 * precomputed text, so the ratio FakeAI ÷ baseline shows what FakeAI's own work costs on top of
 * "what Deno + Hono can do at best". Same wire shapes as FakeAI, no latency model, no logging.
 *
 *   deno run -A tests/bench/baseline_server.ts [--per-event]
 *
 * Logs `{"level":"info","msg":"listening","url":...}` on stderr once bound (port 0 = free port).
 * By default a stream's events are enqueued as one chunk: the best case, and what FakeAI itself
 * does with ITL 0 (it writes every event that is due in one write). With --per-event each event
 * is its own enqueue, one pull at a time (what a naive token loop costs). A request with
 * `x-fakeai-itl-ms: N` (N > 0) gets its events one per N ms instead, each from its own timer: the
 * bare cost of holding a stream open (the memory benchmark's floor).
 *
 * With `--work-us N` every chat request first keeps the CPU busy for N µs (a loop on the clock,
 * nothing allocated): a server whose own work per request costs N µs and nothing else, which
 * `work_floor` measures at the socket.
 */
import { Hono } from "hono";

const WORDS = (
  "The quick brown fox jumps over the lazy dog while seven curious owls watch from old trees"
).split(" ");
const TEXT = WORDS.join(" "); // 16 words
const FINGERPRINT = "fp_baseline0";
const coalesce = !Deno.args.includes("--per-event");
const workFlag = Deno.args.indexOf("--work-us");
const workUs = workFlag >= 0 ? Number(Deno.args[workFlag + 1]) : 0;
const encoder = new TextEncoder();
let counter = 0;

interface ChatBody {
  model?: string;
  stream?: boolean;
  max_tokens?: number;
}

function outputTokens(header: string | undefined, body: ChatBody): number {
  const forced = header === undefined ? NaN : Number(header);
  if (Number.isInteger(forced) && forced >= 0) return forced;
  return typeof body.max_tokens === "number" ? body.max_tokens : 16;
}

function completion(model: string, tokens: number) {
  return {
    id: `chatcmpl-baseline${++counter}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{
      index: 0,
      message: { role: "assistant", content: TEXT, refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: "length",
    }],
    usage: {
      prompt_tokens: 14,
      completion_tokens: tokens,
      total_tokens: 14 + tokens,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
    service_tier: "default",
    system_fingerprint: FINGERPRINT,
  };
}

/**
 * Event k of one stream (role event, one content event per token, finish, [DONE]), made when
 * asked: a paced stream holds none of its future events.
 */
function sseEventSource(
  model: string,
  tokens: number,
): { count: number; event(k: number): string } {
  const head = `data: {"id":"chatcmpl-baseline${++counter}","object":"chat.completion.chunk",` +
    `"created":${Math.floor(Date.now() / 1000)},"model":${JSON.stringify(model)},` +
    `"service_tier":"default","system_fingerprint":"${FINGERPRINT}","choices":[{"index":0,`;
  const tail = `,"logprobs":null,"finish_reason":null}]}\n\n`;
  return {
    count: tokens + 3,
    event(k) {
      if (k === 0) return `${head}"delta":{"role":"assistant","content":"","refusal":null}${tail}`;
      if (k <= tokens) {
        const word = (k === 1 ? "" : " ") + WORDS[(k - 1) % WORDS.length];
        return `${head}"delta":{"content":${JSON.stringify(word)}}${tail}`;
      }
      if (k === tokens + 1) {
        return `${head}"delta":{},"logprobs":null,"finish_reason":"length"}]}\n\n`;
      }
      return "data: [DONE]\n\n";
    },
  };
}

/** All the events of one stream. */
function sseEvents(model: string, tokens: number): string[] {
  const source = sseEventSource(model, tokens);
  return Array.from({ length: source.count }, (_, k) => source.event(k));
}

function sseBody(events: string[]): ReadableStream<Uint8Array> {
  if (coalesce) {
    return new ReadableStream({
      start(controller) {
        controller.enqueue(encoder.encode(events.join("")));
        controller.close();
      },
    });
  }
  let next = 0;
  return new ReadableStream({
    pull(controller) {
      if (next < events.length) controller.enqueue(encoder.encode(events[next++]));
      if (next >= events.length) controller.close();
    },
  });
}

/** The first event at once, then one per `itlMs`, until the events run out or the client leaves. */
function pacedBody(
  source: ReturnType<typeof sseEventSource>,
  itlMs: number,
): ReadableStream<Uint8Array> {
  let next = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new ReadableStream({
    start(controller) {
      const tick = () => {
        controller.enqueue(encoder.encode(source.event(next++)));
        if (next < source.count) timer = setTimeout(tick, itlMs);
        else controller.close();
      };
      tick();
    },
    cancel() {
      clearTimeout(timer);
    },
  });
}

const app = new Hono();
/** Keeps the CPU busy for `us` µs of wall time (on a machine with a core to spare: CPU time). */
function work(us: number): number {
  const end = performance.now() + us / 1000;
  let turns = 0;
  while (performance.now() < end) turns++;
  return turns;
}

app.post("/v1/chat/completions", async (c) => {
  const body = await c.req.json() as ChatBody;
  if (workUs > 0) work(workUs);
  const model = body.model ?? "gpt-4o";
  const tokens = outputTokens(c.req.header("x-fakeai-output-tokens"), body);
  if (!body.stream) return c.json(completion(model, tokens));
  const itlMs = Number(c.req.header("x-fakeai-itl-ms") ?? 0);
  const stream = itlMs > 0
    ? pacedBody(sseEventSource(model, tokens), itlMs)
    : sseBody(sseEvents(model, tokens));
  return c.body(stream, 200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
  });
});

Deno.serve({
  hostname: "127.0.0.1",
  port: 0,
  onListen: ({ hostname, port }) => {
    const url = `http://${hostname}:${port}`;
    console.error(JSON.stringify({ level: "info", msg: "listening", url, pid: Deno.pid }));
  },
}, app.fetch);
