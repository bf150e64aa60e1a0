/**
 * Record mode for Anthropic Messages end to end, with the official @anthropic-ai/sdk: a FakeAI
 * that records from an upstream FakeAI (which requires its key, so only the record key sent as
 * x-api-key gets through), then a FakeAI replaying the written file with the upstream stopped —
 * the same text, tool calls and stop_reason, streamed and not.
 */
import assert from "node:assert/strict";
import Anthropic from "@anthropic-ai/sdk";
import { FAST_ARGS, startFakeAI } from "../support/fakeai_process.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { waitFor } from "../support/wait.ts";
import { WEATHER_TOOL } from "../support/anthropic_tools.ts";

const MODEL = "claude-sonnet-4-5";
const seeded = { headers: { "x-fakeai-seed": "5" } };

type Block = Anthropic.Messages.ContentBlock;
/** What a reply says: its texts and tool calls (not their ids, which each server makes up). */
const said = (blocks: Block[]) =>
  blocks.map((b) => b.type === "text" ? b.text : b.type === "tool_use" ? [b.name, b.input] : b);

async function turns(client: Anthropic) {
  const plain = await client.messages.create({
    model: MODEL,
    max_tokens: 12,
    messages: [{ role: "user", content: "Describe a lighthouse in detail." }],
  }, seeded);
  const tooled = await client.messages.create({
    model: MODEL,
    max_tokens: 200,
    tools: [WEATHER_TOOL],
    tool_choice: { type: "any" },
    messages: [{ role: "user", content: "Weather in Rome?" }],
  }, seeded);
  let text = "";
  const stream = client.messages.stream({
    model: MODEL,
    max_tokens: 40,
    messages: [{ role: "user", content: "Stream a haiku." }],
  }, seeded);
  stream.on("text", (delta) => text += delta);
  const streamed = await stream.finalMessage();
  const streamedTool = await client.messages.stream({
    model: MODEL,
    max_tokens: 200,
    tools: [WEATHER_TOOL],
    tool_choice: { type: "tool", name: "get_weather" },
    messages: [{ role: "user", content: "Weather in Oslo?" }],
  }, seeded).finalMessage();
  return {
    plain: [said(plain.content), plain.stop_reason],
    tooled: [said(tooled.content), tooled.stop_reason],
    streamed: [text, said(streamed.content), streamed.stop_reason],
    streamedTool: [said(streamedTool.content), streamedTool.stop_reason],
  };
}

Deno.test("e2e anthropic record: /v1/messages recorded from an upstream FakeAI, replayed without it", async () => {
  await withTempDir({ "recorded.yaml": "rules: []\n" }, async (dir) => {
    const file = `${dir}/recorded.yaml`;
    const upstream = await startFakeAI({
      args: [...FAST_ARGS, "--seed", "11", "--api-key", "sk-upstream-secret"],
    });
    const recorder = await startFakeAI({
      args: [...FAST_ARGS, "--scenarios", file, "--record-file", file],
      env: {
        FAKEAI_RECORD_UPSTREAM: upstream.baseURL,
        FAKEAI_RECORD_UPSTREAM_API_KEY: "sk-upstream-secret",
      },
    });
    let recorded;
    try {
      const direct = await turns(
        new Anthropic({ baseURL: upstream.url, apiKey: "sk-upstream-secret", maxRetries: 0 }),
      );
      assert.equal(direct.plain[1], "max_tokens", "a reply cut by max_tokens");
      assert.equal(direct.tooled[1], "tool_use");
      assert.deepEqual((direct.tooled[0] as unknown[][])[0][0], "get_weather");
      recorded = await turns(
        new Anthropic({ baseURL: recorder.url, apiKey: "sk-client-key", maxRetries: 0 }),
      );
      assert.deepEqual(recorded, direct, "answered unchanged (seeded requests answer alike)");
      await waitFor(
        "four rules written",
        () => recorder.stderr.filter((l) => l.includes("scenario recorded")).length === 4,
        { intervalMs: 20, attempts: 500 },
      );
    } finally {
      assert.equal(await recorder.stop(), 0);
      assert.equal(await upstream.stop(), 0);
    }
    const text = Deno.readTextFileSync(file);
    assert.doesNotMatch(text, /sk-upstream-secret|sk-client-key|anthropic-version/);
    assert.equal(text.match(/endpoint: \/v1\/messages/g)?.length, 4);
    assert.match(text, /finish_reason: length/, "max_tokens recorded as length");

    const replay = await startFakeAI({ args: [...FAST_ARGS, "--seed", "99", "--scenarios", file] });
    try {
      const again = await turns(
        new Anthropic({ baseURL: replay.url, apiKey: "sk-client-key", maxRetries: 0 }),
      );
      assert.deepEqual(again, recorded, "the same content, tool calls and stop_reason");
    } finally {
      assert.equal(await replay.stop(), 0);
    }
  });
});
