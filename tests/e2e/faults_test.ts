/**
 * Faults against the real CLI with the official openai SDK: injected HTTP errors become the
 * SDK's matching exception classes, stream faults break the SDK's stream iteration the way a
 * real failure would, and the streaming limits end a stream with an error the SDK raises.
 */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { type FakeAIProcess, FAST_ARGS, startFakeAI } from "../support/fakeai_process.ts";

const CHAT = {
  model: "gpt-4o",
  messages: [{ role: "user" as const, content: "Tell me about rivers." }],
  max_tokens: 12,
  ignore_eos: true,
};

async function withServer(
  fn: (client: OpenAI, server: FakeAIProcess) => Promise<void>,
  options: { args?: string[]; env?: Record<string, string>; timeout?: number } = {},
) {
  const server = await startFakeAI({ args: options.args ?? FAST_ARGS, env: options.env });
  try {
    const client = new OpenAI({
      baseURL: server.baseURL,
      apiKey: "sk-test",
      maxRetries: 0,
      timeout: options.timeout,
      // The SDK logs unparseable events before raising; the test asserts the raise.
      logLevel: "off",
    });
    await fn(client, server);
  } finally {
    assert.equal(await server.stop(), 0);
  }
}

const withHeaders = (headers: Record<string, string>) => ({ headers });

/** Streams a chat completion; returns the content pieces received and what was thrown. */
async function streamed(client: OpenAI, headers: Record<string, string>, body = CHAT) {
  const pieces: string[] = [];
  try {
    const stream = await client.chat.completions.create(
      { ...body, stream: true },
      withHeaders(headers),
    );
    for await (const chunk of stream) {
      const piece = chunk.choices[0]?.delta?.content;
      if (piece) pieces.push(piece);
    }
  } catch (error) {
    return { pieces, error };
  }
  return { pieces, error: null };
}

Deno.test("e2e: x-fakeai-error gives the SDK's matching exception classes", async () => {
  await withServer(async (client) => {
    const fail = (value: string) =>
      client.chat.completions.create(CHAT, withHeaders({ "x-fakeai-error": value }));

    await assert.rejects(fail("internal_error"), (err) => {
      assert.ok(err instanceof OpenAI.InternalServerError);
      assert.equal(err.status, 500);
      assert.equal(err.type, "server_error");
      return true;
    });
    await assert.rejects(fail("bad_gateway"), (err) => {
      assert.ok(err instanceof OpenAI.InternalServerError);
      assert.equal(err.status, 502);
      assert.equal(err.message, "502 Bad gateway.");
      return true;
    });
    await assert.rejects(fail("503"), (err) => {
      assert.ok(err instanceof OpenAI.InternalServerError);
      assert.equal(err.status, 503);
      assert.equal(err.headers.get("retry-after"), "1");
      return true;
    });
    await assert.rejects(fail("rate_limit_quota"), (err) => {
      assert.ok(err instanceof OpenAI.RateLimitError);
      assert.equal(err.code, "rate_limit_exceeded");
      assert.equal(err.headers.get("retry-after"), "1");
      assert.equal(err.headers.get("x-ratelimit-remaining-requests"), "0");
      assert.match(err.message, /^429 Rate limit reached for gpt-4o in organization org-/);
      return true;
    });
    await assert.rejects(fail("insufficient_quota"), (err) => {
      assert.ok(err instanceof OpenAI.RateLimitError);
      assert.equal(err.code, "insufficient_quota");
      assert.equal(err.type, "insufficient_quota");
      return true;
    });
    await assert.rejects(fail("context_length"), (err) => {
      assert.ok(err instanceof OpenAI.BadRequestError);
      assert.equal(err.code, "context_length_exceeded");
      assert.equal(err.param, "messages");
      return true;
    });
  });
});

Deno.test("e2e: timeout holds the request, then drops it; a shorter client timeout fires first", async () => {
  await withServer(async (client) => {
    // Headers arrive after the hold, then the body breaks: the SDK surfaces fetch's TypeError.
    await assert.rejects(
      client.chat.completions.create(CHAT, withHeaders({ "x-fakeai-error": "timeout" })),
      (err) => {
        assert.ok(err instanceof TypeError && !(err instanceof OpenAI.APIError));
        assert.match(err.message, /error reading a body from connection/);
        return true;
      },
    );
  }, { args: FAST_ARGS, env: { FAKEAI_ERROR_INJECTION_TIMEOUT_SECONDS: "0.2" } });

  await withServer(async (client) => {
    await assert.rejects(
      client.chat.completions.create(CHAT, withHeaders({ "x-fakeai-error": "timeout" })),
      (err) => {
        assert.ok(err instanceof OpenAI.APIConnectionTimeoutError);
        assert.ok(err instanceof OpenAI.APIConnectionError);
        return true;
      },
    );
  }, {
    timeout: 300,
    // Deno.serve does not always notice a client that gives up before the response starts
    // (denoland/deno#21653): a short hold keeps the server's shutdown from waiting for it.
    env: { FAKEAI_ERROR_INJECTION_TIMEOUT_SECONDS: "2" },
  });
});

Deno.test("e2e: FAKEAI_ERROR_INJECTION_* from the environment", async () => {
  await withServer(async (client, server) => {
    for (let i = 0; i < 3; i++) {
      await assert.rejects(client.chat.completions.create(CHAT), (err) => {
        assert.ok(err instanceof OpenAI.RateLimitError);
        assert.equal(err.code, "insufficient_quota");
        return true;
      });
    }
    const listed = await client.models.list({ headers: { "x-fakeai-error": "none" } });
    assert.ok(listed.data.length > 0, "x-fakeai-error: none opts out");
    const health = await fetch(`${server.url}/health`);
    assert.equal(health.status, 200, "never on /health");
    await health.body?.cancel();
  }, {
    env: {
      FAKEAI_ERROR_INJECTION_ENABLED: "true",
      FAKEAI_ERROR_INJECTION_RATE: "1",
      FAKEAI_ERROR_INJECTION_TYPES: '["insufficient_quota"]',
    },
  });
});

Deno.test("e2e: stream faults as the openai SDK sees them", async () => {
  await withServer(async (client, server) => {
    const dropped = await streamed(client, { "x-fakeai-fault": "disconnect:5" });
    assert.equal(dropped.pieces.length, 5);
    assert.ok(dropped.error instanceof TypeError, "the iteration throws: an aborted transfer");
    assert.match(dropped.error.message, /error reading a body from connection/);

    const failed = await streamed(client, { "x-fakeai-fault": "error:3" });
    assert.equal(failed.pieces.length, 3);
    assert.ok(failed.error instanceof OpenAI.APIError);
    assert.equal(failed.error.status, undefined, "raised from the stream, not an HTTP status");
    assert.equal(failed.error.type, "server_error");
    assert.match(failed.error.message, /The server had an error while processing your request/);

    const corrupt = await streamed(client, { "x-fakeai-fault": "malformed:2" });
    assert.equal(corrupt.pieces.length, 2, "the SDK stops at the corrupted event");
    assert.ok(corrupt.error instanceof SyntaxError);
    assert.match(corrupt.error.message, /malformed server-sent event JSON/);

    // The stall's timing is asserted exactly on an injected clock in
    // tests/streaming/stream_faults_http_test.ts; here the SDK only has to get every token.
    const stalled = await streamed(client, { "x-fakeai-fault": "stall:4:400" });
    assert.equal(stalled.error, null);
    assert.equal(stalled.pieces.length, 12, "a stall loses nothing");

    const responses = await client.responses.create(
      { model: "gpt-4o", input: "hi", stream: true, max_output_tokens: 16 },
      withHeaders({ "x-fakeai-fault": "error:2" }),
    );
    await assert.rejects(
      async () => {
        for await (const _event of responses) { /* until the error event */ }
      },
      (err) => err instanceof OpenAI.APIError && /The server had an error/.test(err.message),
    );
    const plain = server.stderr.filter((line) => !line.startsWith("{"));
    assert.deepEqual(plain, [], "planned drops leave no stack traces in the log");
  });
});

Deno.test("e2e: FAKEAI_STREAM_FAULT_RATE from the environment faults streams", async () => {
  await withServer(async (client) => {
    const result = await streamed(client, {});
    assert.equal(result.pieces.length, 1);
    assert.ok(result.error instanceof OpenAI.APIError);
  }, { env: { FAKEAI_STREAM_FAULT_RATE: "1", FAKEAI_STREAM_FAULT_TYPES: "error:1" } });
});

Deno.test("e2e: FAKEAI_STREAM_TIMEOUT_SECONDS ends a long stream with an error event", async () => {
  await withServer(async (client) => {
    const result = await streamed(client, {}, { ...CHAT, max_tokens: 200 });
    assert.ok(result.pieces.length > 0 && result.pieces.length < 200);
    assert.ok(result.error instanceof OpenAI.APIError);
    assert.equal(result.error.code, "stream_timeout");
    assert.match(result.error.message, /maximum duration of 0.3 seconds/);
  }, {
    args: ["--response-delay", "0", "--ttft", "0", "--itl", "20:0"],
    env: { FAKEAI_STREAM_TIMEOUT_SECONDS: "0.3" },
  });
});
