/** An in-process app with an injected ManualClock, for exact timing tests without sockets. */
import { type Config, defaultConfig } from "../../src/config/schema.ts";
import { Engine } from "../../src/engine/engine.ts";
import { type AppDeps, createApp } from "../../src/app/create_app.ts";
import { memoryLogger } from "../../src/util/logger.ts";
import { ManualClock } from "../../src/util/clock.ts";
import { IdGenerator } from "../../src/util/ids.ts";
import { tick } from "./wait.ts";

/** `deps`: more of what serve.ts would pass (a scenario book). */
export function testApp(
  overrides: Partial<Config> = {},
  deps: Pick<AppDeps, "scenarios"> = {},
) {
  const config = { ...defaultConfig(), responseDelay: 0, ...overrides } as Config;
  const clock = new ManualClock();
  const logger = memoryLogger();
  const engine = new Engine({ config, clock, ids: new IdGenerator(1) });
  const { app, lifecycle, metrics, timingLedger } = createApp({ config, engine, logger, ...deps });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    Promise.resolve(app.request(path, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }));
  const get = (path: string, headers: Record<string, string> = {}) =>
    Promise.resolve(app.request(path, { headers }));
  return { app, clock, logger, engine, lifecycle, config, post, get, metrics, timingLedger };
}

const pendingReads = new WeakMap<
  ReadableStreamDefaultReader<Uint8Array>,
  Promise<ReadableStreamReadResult<Uint8Array>>
>();

/**
 * Reads whatever the stream has produced so far without waiting for more. A read that is still
 * pending when we stop waiting is kept for the next call, so no chunk is ever lost.
 */
export async function drainAvailable(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<string> {
  let text = "";
  const decoder = new TextDecoder();
  for (;;) {
    const read = pendingReads.get(reader) ?? reader.read();
    pendingReads.set(reader, read);
    const result = await Promise.race([read, tick().then(() => null)]);
    if (result === null) return text;
    pendingReads.delete(reader);
    if (result.done) return text;
    text += decoder.decode(result.value);
  }
}

/** The `data:` payload of every SSE event (events with an `event:` line included). */
export function dataEvents(text: string): string[] {
  return text.split("\n\n").flatMap((block) => {
    const line = block.split("\n").find((l) => l.startsWith("data: "));
    return line ? [line.slice(6)] : [];
  });
}

/** A short streamed chat body (4 tokens, no early stop); `extra` overrides any field. */
export const streamedChat = (extra: Record<string, unknown> = {}) => ({
  model: "gpt-4o",
  messages: [{ role: "user", content: "hello" }],
  stream: true,
  max_tokens: 4,
  ignore_eos: true,
  ...extra,
});

/**
 * Engine mode with one KV worker and one sequence at a time: prefill 10 ms, decode steps of
 * 20 ms + 10 ms per running sequence, a queue of 4. Exact times for tests on a manual clock.
 */
export const ONE_SEQUENCE_ENGINE = {
  latencyMode: "engine" as const,
  kvCacheNumWorkers: 1,
  engineMaxNumSeqs: 1,
  engineMaxQueue: 4,
  enginePrefillBaseMs: 10,
  enginePrefillPerTokenMs: 0,
  engineDecodeBaseMs: 20,
  engineDecodePerSeqMs: 10,
};
