/**
 * Scenarios end to end: the real CLI with a rule file, driven by the official openai SDK — a
 * two-turn tool loop streamed and not, the Responses API, errors, strict mode, header selection,
 * hit counts and reset, SIGHUP reload, and `fakeai scenarios validate`.
 */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { type FakeAIProcess, FAST_ARGS, runCli, startFakeAI } from "../support/fakeai_process.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { waitFor } from "../support/wait.ts";
import { tokenizerFor } from "../../src/engine/tokenizer.ts";

const RULES = `rules:
  - name: weather
    match:
      last_user_message: { contains: "weather" }
    respond:
      tool_calls:
        - name: get_weather
          arguments: { city: "Paris" }
  - name: after-weather
    match:
      tool_result_for: get_weather
    respond:
      content: "It is sunny in Paris, 21 °C."
  - name: overloaded
    match:
      last_user_message: { regex: "^overload" }
    respond:
      error: { status: 503, type: "server_error", code: "overloaded", message: "Try later." }
  - name: greeting
    match:
      last_user_message: { equals: "ping" }
    respond:
      sequence: [{ content: "pong" }, { content: "pong again" }]
  - name: flaky
    match:
      last_user_message: { contains: "flaky" }
    respond:
      content: "This answer breaks after three tokens."
      stream_fault: "error:3"
`;

const WEATHER_TOOL = {
  type: "function" as const,
  function: {
    name: "get_weather",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

async function withScenarios(
  fn: (client: OpenAI, server: FakeAIProcess, dir: string) => Promise<void>,
  extraArgs: string[] = [],
) {
  await withTempDir({ "rules.yaml": RULES }, async (dir) => {
    const server = await startFakeAI({
      args: [...FAST_ARGS, "--scenarios", `${dir}/rules.yaml`, ...extraArgs],
    });
    try {
      await fn(
        new OpenAI({ baseURL: server.baseURL, apiKey: "sk-test", maxRetries: 0 }),
        server,
        dir,
      );
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });
}

Deno.test("e2e scenarios: a two-turn tool loop, non-streamed and streamed, counted exactly", async () => {
  await withScenarios(async (client) => {
    for (const stream of [false, true]) {
      const messages: OpenAI.ChatCompletionMessageParam[] = [
        { role: "user", content: "What is the weather in Paris?" },
      ];
      const base = { model: "gpt-4o", tools: [WEATHER_TOOL] };
      let call: OpenAI.ChatCompletionMessageToolCall;
      if (!stream) {
        const first = await client.chat.completions.create({ ...base, messages });
        assert.equal(first.choices[0].finish_reason, "tool_calls");
        call = first.choices[0].message.tool_calls![0];
      } else {
        const runner = client.chat.completions.stream({ ...base, messages });
        const first = await runner.finalChatCompletion();
        assert.equal(first.choices[0].finish_reason, "tool_calls");
        call = first.choices[0].message.tool_calls![0];
      }
      assert.equal(call.type === "function" && call.function.name, "get_weather");
      assert.deepEqual(JSON.parse(call.type === "function" ? call.function.arguments : ""), {
        city: "Paris",
      });
      messages.push({ role: "assistant", content: null, tool_calls: [call] });
      messages.push({ role: "tool", tool_call_id: call.id, content: '{"sky":"sunny"}' });
      let text = "";
      let completionTokens = 0;
      if (!stream) {
        const final = await client.chat.completions.create({ ...base, messages });
        text = final.choices[0].message.content ?? "";
        completionTokens = final.usage!.completion_tokens;
      } else {
        const chunks = await client.chat.completions.create({
          ...base,
          messages,
          stream: true,
          stream_options: { include_usage: true },
        });
        let events = 0;
        for await (const chunk of chunks) {
          const delta = chunk.choices[0]?.delta?.content;
          if (delta) {
            text += delta;
            events++;
          }
          if (chunk.usage) completionTokens = chunk.usage.completion_tokens;
        }
        assert.ok(events >= 8, `one event per token, ${events} events`);
      }
      assert.equal(text, "It is sunny in Paris, 21 °C.");
      assert.equal(
        completionTokens,
        tokenizerFor("gpt-4o").count(text),
        "counted by the tokenizer",
      );
    }
  });
});

Deno.test("e2e scenarios: Responses API function_call items; errors in the envelope; sequences", async () => {
  await withScenarios(async (client, server) => {
    const response = await client.responses.create({
      model: "gpt-4o",
      input: "How is the weather today?",
      tools: [{
        type: "function",
        name: "get_weather",
        parameters: WEATHER_TOOL.function.parameters,
        strict: false,
      }],
    });
    const call = response.output.find((item) => item.type === "function_call");
    assert.ok(call && call.type === "function_call", JSON.stringify(response.output));
    assert.equal(call.name, "get_weather");
    assert.deepEqual(JSON.parse(call.arguments), { city: "Paris" });

    const err = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "overload please" }],
    }).catch((e) => e);
    assert.ok(err instanceof OpenAI.InternalServerError, String(err));
    assert.equal(err.status, 503);
    assert.equal(err.code, "overloaded");
    assert.equal(err.message, "503 Try later.");

    const ping = async () =>
      (await client.chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "ping" }],
      })).choices[0].message.content;
    assert.deepEqual([await ping(), await ping(), await ping()], [
      "pong",
      "pong again",
      "pong again",
    ]);

    const listed = await (await fetch(`${server.baseURL}/fakeai/scenarios`)).json();
    const hits = Object.fromEntries(
      listed.data.map((r: { name: string; hits: number }) => [r.name, r.hits]),
    );
    assert.deepEqual(hits, {
      weather: 1,
      "after-weather": 0,
      overloaded: 1,
      greeting: 3,
      flaky: 0,
    });
    const reset = await fetch(`${server.baseURL}/fakeai/scenarios/reset`, { method: "POST" });
    assert.equal(reset.status, 200);
    await reset.body?.cancel();
    assert.equal(await ping(), "pong", "reset starts the sequence again");
  });
});

Deno.test("e2e scenarios: header selection, strict mode, generated fall-through, SIGHUP reload", async () => {
  await withScenarios(async (client, server, dir) => {
    const plain = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Tell me a story" }],
      max_tokens: 12,
    });
    assert.ok((plain.choices[0].message.content ?? "").length > 0, "generated content");
    const { data: selected, response } = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Tell me a story" }],
    }, { headers: { "x-fakeai-scenario": "greeting" } }).withResponse();
    assert.equal(selected.choices[0].message.content, "pong");
    assert.equal(response.headers.get("x-fakeai-scenario-rule"), "greeting");
    const strict = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Tell me a story" }],
    }, { headers: { "x-fakeai-scenario-strict": "true" } }).catch((e) => e);
    assert.ok(strict instanceof OpenAI.NotFoundError, String(strict));
    assert.equal(strict.code, "scenario_not_matched");

    Deno.writeTextFileSync(
      `${dir}/rules.yaml`,
      `rules:\n  - name: story\n    match: { last_user_message: story }\n    respond: { content: "Once." }\n`,
    );
    server.child.kill("SIGHUP");
    await waitFor("the reload", () => server.stderr.some((l) => l.includes("scenarios reloaded")), {
      intervalMs: 20,
    });
    const reloaded = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Tell me a story" }],
    });
    assert.equal(reloaded.choices[0].message.content, "Once.");
    Deno.writeTextFileSync(`${dir}/rules.yaml`, "rules: [broken");
    server.child.kill("SIGHUP");
    await waitFor(
      "the failed reload",
      () => server.stderr.some((l) => l.includes("scenarios reload failed")),
      {
        intervalMs: 20,
      },
    );
    const kept = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Tell me a story" }],
    });
    assert.equal(kept.choices[0].message.content, "Once.", "a bad file keeps the old rules");
  });
});

Deno.test("e2e scenarios: fakeai scenarios validate, and a bad file stops the server with exit 2", async () => {
  await withTempDir(
    { "good.yaml": RULES, "bad.yaml": "rules:\n  - name: x\n    respond: {}\n" },
    async (dir) => {
      const good = await runCli(["scenarios", "validate", `${dir}/good.yaml`]);
      assert.equal(good.code, 0, good.stderr);
      assert.match(
        good.stdout,
        /good\.yaml: 5 rules \(weather, after-weather, overloaded, greeting, flaky\)/,
      );
      const bad = await runCli(["scenarios", "validate", dir]);
      assert.equal(bad.code, 2);
      assert.match(
        bad.stderr,
        /bad\.yaml: rule x: respond: give content, tool_calls, refusal or error/,
      );
      const server = await runCli(["server", "--port", "0", "--scenarios", `${dir}/bad.yaml`]);
      assert.equal(server.code, 2);
      assert.match(server.stderr, /rule x: respond/);
    },
  );
});

Deno.test("e2e scenarios: a scripted stream fault breaks the stream where the rule says", async () => {
  await withScenarios(async (client) => {
    const stream = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "a flaky answer please" }],
      stream: true,
    });
    let text = "";
    const failure = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    })().then(() => null, (e) => e);
    assert.ok(failure instanceof OpenAI.APIError, String(failure));
    assert.equal(text, "This answer breaks", "three tokens, then the error event");
  });
});

Deno.test("e2e scenarios: --watch-scenarios reloads when the file changes", async () => {
  await withScenarios(async (client, server, dir) => {
    const ask = async () =>
      (await client.chat.completions.create({
        model: "gpt-4o",
        messages: [{ role: "user", content: "ping" }],
      }, { headers: { "x-fakeai-test-id": crypto.randomUUID() } })).choices[0].message.content;
    assert.equal(await ask(), "pong");
    Deno.writeTextFileSync(
      `${dir}/rules.yaml`,
      `rules:\n  - name: ping\n    match: { last_user_message: ping }\n    respond: { content: "changed" }\n`,
    );
    await waitFor(
      "the reload on change",
      () => server.stderr.some((l) => l.includes('"trigger":"file change"')),
      { intervalMs: 25, attempts: 400 },
    );
    assert.equal(await ask(), "changed");
  }, ["--watch-scenarios"]);
});

Deno.test("e2e scenarios: record from an upstream FakeAI, then replay with the upstream stopped", async () => {
  await withTempDir({ "recorded.yaml": "rules: []\n" }, async (dir) => {
    const file = `${dir}/recorded.yaml`;
    const upstream = await startFakeAI({ args: [...FAST_ARGS, "--seed", "11"] });
    const turns = async (client: OpenAI) => {
      const plain = await client.chat.completions.create({
        model: "gpt-4o",
        messages: [{ role: "user", content: "Describe a lighthouse." }],
        max_tokens: 20,
        seed: 5,
      });
      const tooled = await client.chat.completions.create({
        model: "gpt-4o",
        messages: [{ role: "user", content: "Weather in Rome?" }],
        tools: [WEATHER_TOOL],
        tool_choice: "required",
        seed: 5,
      });
      let streamed = "";
      const stream = await client.chat.completions.create({
        model: "gpt-4o",
        messages: [{ role: "user", content: "Stream a haiku." }],
        max_tokens: 15,
        stream: true,
        seed: 5,
      });
      for await (const chunk of stream) streamed += chunk.choices[0]?.delta?.content ?? "";
      const legacy = await client.completions.create({
        model: "gpt-3.5-turbo-instruct",
        prompt: "Once upon a time",
        max_tokens: 10,
        seed: 5,
      });
      const responded = await client.responses.create({
        model: "gpt-4o",
        input: "Name three colours.",
        max_output_tokens: 16,
        store: false,
      }, { headers: { "x-fakeai-seed": "5" } });
      let responseStreamed = "";
      const responseStream = await client.responses.create({
        model: "gpt-4o",
        input: "Stream two words.",
        max_output_tokens: 16,
        stream: true,
        store: false,
      }, { headers: { "x-fakeai-seed": "5" } });
      for await (const event of responseStream) {
        if (event.type === "response.output_text.delta") responseStreamed += event.delta;
      }
      return {
        legacy: legacy.choices[0].text,
        responded: responded.output_text,
        responseStreamed,
        plain: plain.choices[0].message.content,
        call: tooled.choices[0].message.tool_calls?.map((c) =>
          c.type === "function" ? [c.function.name, c.function.arguments] : []
        ),
        streamed,
      };
    };
    let recorded;
    const recorder = await startFakeAI({
      args: [...FAST_ARGS, "--scenarios", file, "--record-file", file],
      env: {
        FAKEAI_RECORD_UPSTREAM: upstream.baseURL,
        FAKEAI_RECORD_UPSTREAM_API_KEY: "sk-upstream-secret",
      },
    });
    try {
      const direct = await turns(
        new OpenAI({ baseURL: upstream.baseURL, apiKey: "x", maxRetries: 0 }),
      );
      recorded = await turns(new OpenAI({ baseURL: recorder.baseURL, apiKey: "x", maxRetries: 0 }));
      assert.deepEqual(recorded, direct, "answered unchanged (seeded requests answer alike)");
      await waitFor(
        "six rules written",
        () => recorder.stderr.filter((l) => l.includes("scenario recorded")).length === 6,
        {
          intervalMs: 20,
        },
      );
    } finally {
      assert.equal(await recorder.stop(), 0);
      assert.equal(await upstream.stop(), 0);
    }
    const text = Deno.readTextFileSync(file);
    assert.doesNotMatch(text, /sk-upstream-secret/, "no secret is written");
    assert.match(text, /request_digest/);
    assert.match(
      text,
      /recorded_timing:\n\s+ttft_ms: [\d.]+\n\s+itl_ms: [\d.]+/,
      "the stream's timing",
    );
    const replay = await startFakeAI({ args: [...FAST_ARGS, "--seed", "99", "--scenarios", file] });
    try {
      const again = await turns(
        new OpenAI({ baseURL: replay.baseURL, apiKey: "x", maxRetries: 0 }),
      );
      assert.deepEqual(again, recorded, "replayed byte for byte with the upstream gone");
    } finally {
      assert.equal(await replay.stop(), 0);
    }
  });
});
