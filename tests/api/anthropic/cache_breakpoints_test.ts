/**
 * Anthropic's cache breakpoints: the blocks in cache order (tools, system, messages), each
 * block's exact share of the prompt's tokens (adding up to count_tokens), the breakpoint rules
 * and their 400s, and the prefixes handed to the prompt cache (cumulative tokens, lookback, keys
 * that depend on content only).
 */
import assert from "node:assert/strict";
import {
  breakpointsOf,
  cachePrefixes,
  LOOKBACK_BLOCKS,
} from "../../../src/api/anthropic/cache_breakpoints.ts";
import { chatMessagesOf, toolsOf } from "../../../src/api/anthropic/messages_input.ts";
import {
  type CountTokensRequest,
  countTokensRequestSchema,
} from "../../../src/api/anthropic/messages_schema.ts";
import { blockTokens, promptBlocks } from "../../../src/api/anthropic/prompt_blocks.ts";
import { countChatPromptTokens } from "../../../src/engine/prompt_tokens.ts";
import { tokenizerFor } from "../../../src/engine/tokenizer.ts";
import type { ApiError } from "../../../src/server/api_error.ts";

const MODEL = "claude-sonnet-4-5";
const tok = tokenizerFor(MODEL);
const request = (body: Record<string, unknown>): CountTokensRequest =>
  countTokensRequestSchema.parse({ model: MODEL, ...body });
const eph = { type: "ephemeral" } as const;
const total = (req: CountTokensRequest) =>
  countChatPromptTokens(tok, chatMessagesOf(req), toolsOf(req));
const pause = () => Promise.resolve();

const WEATHER = {
  name: "get_weather",
  description: "Current weather",
  input_schema: { type: "object", properties: { city: { type: "string" } } },
};
const TIME = { name: "get_time", input_schema: { type: "object", properties: {} } };
const RICH = request({
  tools: [WEATHER, TIME],
  system: [{ type: "text", text: "You are terse." }, { type: "text", text: "Use tools." }],
  messages: [
    { role: "user", content: "Weather in Paris?" },
    {
      role: "assistant",
      content: [
        { type: "thinking", thinking: "Call the tool.", signature: "sig" },
        { type: "text", text: "Checking." },
        { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris" } },
      ],
    },
    {
      role: "user",
      content: [
        { type: "tool_result", tool_use_id: "toolu_1", content: [{ type: "text", text: "Sunny" }] },
        { type: "text", text: "And tomorrow?" },
        { type: "document", source: { type: "text", media_type: "text/plain", data: "Memo." } },
      ],
    },
  ],
});

Deno.test("blocks: cache order and paths — tools, system, then each message's blocks", () => {
  assert.deepEqual(promptBlocks(RICH).map((b) => b.path), [
    "tools.0",
    "tools.1",
    "system.0",
    "system.1",
    "messages.0.content",
    "messages.1.content.0",
    "messages.1.content.1",
    "messages.1.content.2",
    "messages.2.content.0",
    "messages.2.content.1",
    "messages.2.content.2",
  ]);
  assert.deepEqual(promptBlocks(RICH).map((b) => b.cacheable), [
    true,
    true,
    true,
    true,
    true,
    false, // thinking
    true,
    true,
    true,
    true,
    true,
  ]);
});

Deno.test("block tokens: each block's exact share; with the reply priming they are count_tokens", () => {
  const shares = blockTokens(tok, RICH, promptBlocks(RICH).length);
  assert.equal(shares.reduce((a, b) => a + b, 0) + 3, total(RICH));
  const c = (text: string) => tok.count(text);
  // A message's header (3 + role) goes with its first block; thinking blocks are not in the prompt.
  assert.deepEqual(shares.slice(2), [
    3 + c("system") + c("You are terse."),
    c("Use tools."),
    3 + c("user") + c("Weather in Paris?"),
    0,
    3 + c("assistant") + c("Checking."),
    c("get_weather") + c(JSON.stringify({ city: "Paris" })) + 3,
    3 + c("tool") + c("Sunny"), // a tool_result is a tool message of its own
    3 + c("user") + c("And tomorrow?"),
    c("Memo."),
  ]);
  // The tool definitions, one text, shared out: the second tool its own rendering's lines.
  const frame = c("namespace functions {\n\n} // namespace functions");
  const timeAlone = c(
    "namespace functions {\n\ntype get_time = () => any;\n\n} // namespace functions",
  );
  assert.equal(shares[1], timeAlone - frame);

  const plain = request({ system: "Be brief.", messages: [{ role: "user", content: "Hi" }] });
  assert.deepEqual(blockTokens(tok, plain, 2), [
    3 + c("system") + c("Be brief."),
    3 + c("user") + c("Hi"),
  ]);
});

Deno.test("breakpoints: in cache order with lifetimes; automatic on the last cacheable block", () => {
  const req = request({
    tools: [{ ...WEATHER, cache_control: { type: "ephemeral", ttl: "1h" } }],
    system: [{ type: "text", text: "S", cache_control: eph }],
    messages: [{ role: "user", content: [{ type: "text", text: "Q", cache_control: eph }] }],
  });
  assert.deepEqual(breakpointsOf(promptBlocks(req), undefined), [
    { block: 0, ttlMs: 3_600_000 },
    { block: 1, ttlMs: 300_000 },
    { block: 2, ttlMs: 300_000 },
  ]);
  assert.deepEqual(breakpointsOf(promptBlocks(RICH), eph), [{ block: 10, ttlMs: 300_000 }]);
  assert.deepEqual(breakpointsOf(promptBlocks(RICH), undefined), []);
  // A tool_result's nested cache_control marks the tool_result block.
  const nested = request({
    messages: [{
      role: "user",
      content: [{
        type: "tool_result",
        tool_use_id: "t",
        content: [{ type: "text", text: "x", cache_control: eph }],
      }],
    }],
  });
  assert.deepEqual(breakpointsOf(promptBlocks(nested), undefined), [{ block: 0, ttlMs: 300_000 }]);
});

Deno.test("breakpoints: Anthropic's 400s for a fifth one and for an hour after five minutes", () => {
  const marked = (n: number) =>
    request({
      messages: [{
        role: "user",
        content: [
          ...Array.from(
            { length: n },
            (_, i) => ({ type: "text", text: `${i}`, cache_control: eph }),
          ),
          { type: "text", text: "unmarked" },
        ],
      }],
    });
  assert.equal(breakpointsOf(promptBlocks(marked(4)), undefined).length, 4);
  const fifth = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return e as ApiError;
    }
    assert.fail("no error");
  };
  const five = fifth(() => breakpointsOf(promptBlocks(marked(5)), undefined));
  assert.equal(five.status, 400);
  assert.equal(five.message, "A maximum of 4 blocks with cache_control may be provided. Found 5.");
  assert.equal(
    fifth(() => breakpointsOf(promptBlocks(marked(4)), eph)).message,
    "A maximum of 4 blocks with cache_control may be provided. Found 5.",
    "the automatic breakpoint takes a slot",
  );
  const order = request({
    tools: [{ ...WEATHER, cache_control: eph }],
    system: [{ type: "text", text: "S", cache_control: { type: "ephemeral", ttl: "1h" } }],
    messages: [{ role: "user", content: "Q" }],
  });
  assert.equal(
    fifth(() => breakpointsOf(promptBlocks(order), undefined)).message,
    "system.0.cache_control.ttl: a ttl='1h' cache_control block must not come after a " +
      "ttl='5m' cache_control block. Note that blocks are processed in the following order: " +
      "`tools`, `system`, `messages`.",
  );
});

Deno.test("prefixes: cumulative tokens at the boundaries within 20 blocks of each breakpoint", async () => {
  const texts = Array.from({ length: 30 }, (_, i) => `Block number ${i}.`);
  const req = request({
    messages: [{
      role: "user",
      content: texts.map((text, i) => ({
        type: "text",
        text,
        ...(i === 25 ? { cache_control: eph } : {}),
      })),
    }],
  });
  const blocks = promptBlocks(req);
  const shares = blockTokens(tok, req, blocks.length);
  const prefixes = await cachePrefixes(
    MODEL,
    blocks,
    shares,
    breakpointsOf(blocks, undefined),
    pause,
  );
  assert.equal(prefixes.length, LOOKBACK_BLOCKS + 1);
  const cumulative = (i: number) => shares.slice(0, i + 1).reduce((a, b) => a + b, 0);
  assert.deepEqual(
    prefixes.map((p) => [p.tokens, p.ttlMs]),
    Array.from({ length: 21 }, (_, k) => [cumulative(5 + k), k === 20 ? 300_000 : null]),
  );
  assert.equal(
    cumulative(25),
    3 + tok.count("user") + texts.slice(0, 26).reduce((s, t) => s + tok.count(t), 0),
  );
  assert.equal(new Set(prefixes.map((p) => p.key)).size, 21, "each boundary its own key");
});

Deno.test("prefix keys: the content, not the breakpoints; the model and every earlier block count", async () => {
  const keys = async (body: Record<string, unknown>, model = MODEL) => {
    const req = request(body);
    const blocks = promptBlocks(req);
    const prefixes = await cachePrefixes(
      model,
      blocks,
      blockTokens(tok, req, blocks.length),
      breakpointsOf(blocks, req.cache_control),
      pause,
    );
    return prefixes.map((p) => p.key);
  };
  const turn = (mark: number, first = "Long context.") => ({
    system: [{ type: "text", text: first }],
    messages: [
      {
        role: "user",
        content: [{ type: "text", text: "One", ...(mark === 0 ? { cache_control: eph } : {}) }],
      },
      { role: "assistant", content: "Two" },
      {
        role: "user",
        content: [{ type: "text", text: "Three", ...(mark === 2 ? { cache_control: eph } : {}) }],
      },
    ],
  });
  const early = await keys(turn(0));
  const late = await keys(turn(2));
  assert.equal(late.length, 4, "blocks 0..3 are within the lookback");
  assert.equal(
    early.at(-1),
    late[1],
    "the same prefix has the same key wherever the breakpoint is",
  );
  assert.notEqual((await keys(turn(2), "claude-opus-4-1"))[1], late[1], "models are apart");
  const changed = await keys(turn(2, "Other context."));
  assert.ok(changed.every((k, i) => k !== late[i]), "a changed first block changes every key");
});
