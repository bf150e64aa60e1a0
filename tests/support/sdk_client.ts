/** The real CLI with zero delays and an official openai client pointed at it, for e2e tests. */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { type FakeAIProcess, FAST_ARGS, startFakeAI, type StartOptions } from "./fakeai_process.ts";

export async function withOpenAI(
  fn: (client: OpenAI, server: FakeAIProcess) => Promise<void>,
  options: StartOptions = { args: FAST_ARGS },
): Promise<void> {
  const server = await startFakeAI(options);
  try {
    await fn(new OpenAI({ baseURL: server.baseURL, apiKey: "sk-test", maxRetries: 0 }), server);
  } finally {
    assert.equal(await server.stop(), 0);
  }
}
