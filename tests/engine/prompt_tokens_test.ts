import assert from "node:assert/strict";
import { chatPromptText, countChatPromptTokens } from "../../src/engine/prompt_tokens.ts";
import { imageTokens, wavDurationSeconds } from "../../src/engine/prompt_media_tokens.ts";
import { tokenizerFor } from "../../src/engine/tokenizer.ts";

const o200k = tokenizerFor("gpt-4o");
const cl100k = tokenizerFor("gpt-4");
const b64 = (b: Uint8Array) => {
  let s = "";
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return btoa(s);
};

function pngDataUrl(width: number, height: number): string {
  const b = new Uint8Array(33);
  const view = new DataView(b.buffer);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  view.setUint32(16, width);
  view.setUint32(20, height);
  b.set([8, 2, 0, 0, 0], 24);
  return `data:image/png;base64,${b64(b)}`;
}

function wav(seconds: number, sampleRate = 16000, channels = 1, bits = 16): Uint8Array {
  const byteRate = sampleRate * channels * (bits / 8);
  const dataBytes = Math.round(seconds * byteRate);
  const b = new Uint8Array(44 + dataBytes);
  const v = new DataView(b.buffer);
  const text = (at: number, s: string) => [...s].forEach((c, i) => (b[at + i] = c.charCodeAt(0)));
  text(0, "RIFF");
  v.setUint32(4, 36 + dataBytes, true);
  text(8, "WAVEfmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, byteRate, true);
  v.setUint16(32, channels * (bits / 8), true);
  v.setUint16(34, bits, true);
  text(36, "data");
  v.setUint32(40, dataBytes, true);
  return b;
}

const user = (content: unknown) => ({ role: "user", content });
/** The per-message formula by hand: 3 + role + content (+ name + 1), then +3 priming. */
const base = (tok = o200k) => 3 + tok.count("user") + 3;

Deno.test("cookbook example: 129 tokens (gpt-4, cl100k) and 124 (gpt-4o, o200k)", () => {
  const system = (content: string, name?: string) =>
    name ? { role: "system", name, content } : { role: "system", content };
  const messages = [
    system(
      "You are a helpful, pattern-following assistant that translates corporate jargon into " +
        "plain English.",
    ),
    system("New synergies will help drive top-line growth.", "example_user"),
    system("Things working well together will increase revenue.", "example_assistant"),
    system(
      "Let's circle back when we have more bandwidth to touch base on opportunities for " +
        "increased leverage.",
      "example_user",
    ),
    system("Let's talk later when we're less busy about how to do better.", "example_assistant"),
    user("This late pivot means we don't have time to boil the ocean for the client deliverable."),
  ];
  assert.equal(countChatPromptTokens(cl100k, messages), 129);
  assert.equal(countChatPromptTokens(o200k, messages), 124);
});

Deno.test("cookbook tools example: 105 (gpt-4) and 101 (gpt-4o), as measured by the API", () => {
  const tools = [{
    type: "function",
    function: {
      name: "get_current_weather",
      description: "Get the current weather in a given location",
      parameters: {
        type: "object",
        properties: {
          location: { type: "string", description: "The city and state, e.g. San Francisco, CA" },
          unit: {
            type: "string",
            description: "The unit of temperature to return",
            enum: ["celsius", "fahrenheit"],
          },
        },
        required: ["location"],
      },
    },
  }];
  const messages = [
    {
      role: "system",
      content: "You are a helpful assistant that can answer to questions about the weather.",
    },
    { role: "user", content: "What's the weather like in San Francisco?" },
  ];
  assert.equal(countChatPromptTokens(cl100k, messages, tools), 105);
  assert.equal(countChatPromptTokens(o200k, messages, tools), 101);
  assert.ok(countChatPromptTokens(o200k, [messages[1]], tools) > 0);
  assert.equal(countChatPromptTokens(o200k, messages, []), countChatPromptTokens(o200k, messages));
});

Deno.test("per-message formula on simple messages", () => {
  // "Hello world" is 2 tokens and "user" 1 in both encodings.
  assert.equal(countChatPromptTokens(o200k, [user("Hello world")]), 3 + 1 + 2 + 3);
  assert.equal(countChatPromptTokens(cl100k, [user("Hello world")]), 3 + 1 + 2 + 3);
  assert.equal(
    countChatPromptTokens(o200k, [{ role: "user", name: "bob", content: "Hello world" }]),
    3 + 1 + 2 + o200k.count("bob") + 1 + 3,
  );
  assert.equal(countChatPromptTokens(o200k, []), 3);
  const two = [{ role: "system", content: "Be brief." }, user("Hi")];
  assert.equal(
    countChatPromptTokens(o200k, two),
    3 + o200k.count("system") + o200k.count("Be brief.") + 3 + 1 + o200k.count("Hi") + 3,
  );
  const parts = [{ type: "text", text: "Hello" }, { type: "text", text: " world" }];
  assert.equal(countChatPromptTokens(o200k, [user(parts)]), base() + 2);
  const refusal = { role: "assistant", content: [{ type: "refusal", refusal: "I can't." }] };
  assert.equal(
    countChatPromptTokens(o200k, [refusal]),
    3 + o200k.count("assistant") + o200k.count("I can't.") + 3,
  );
});

Deno.test("tool calls and tool results", () => {
  const args = '{"location":"Paris"}';
  const assistant = {
    role: "assistant",
    content: null,
    tool_calls: [
      { id: "call_1", type: "function", function: { name: "get_weather", arguments: args } },
      { id: "call_2", type: "function", function: { name: "get_time", arguments: "{}" } },
    ],
  };
  const expected = 3 + o200k.count("assistant") + 3 +
    (o200k.count("get_weather") + o200k.count(args) + 3) +
    (o200k.count("get_time") + o200k.count("{}") + 3);
  assert.equal(countChatPromptTokens(o200k, [assistant]), expected);
  const tool = { role: "tool", tool_call_id: "call_1", content: "18 degrees" };
  assert.equal(
    countChatPromptTokens(o200k, [tool]),
    3 + o200k.count("tool") + o200k.count("18 degrees") + 3,
  );
});

Deno.test("image cost: data-URL PNG sizes, low detail, remote default", () => {
  const image = (url: string, detail?: string) =>
    user([{ type: "image_url", image_url: detail ? { url, detail } : { url } }]);
  const cost = (url: string, detail?: string) =>
    countChatPromptTokens(o200k, [image(url, detail)]) - base();
  assert.equal(cost(pngDataUrl(2048, 4096), "high"), 85 + 170 * 6); // 768x1536 -> 2x3 tiles
  assert.equal(cost(pngDataUrl(4096, 2048)), 85 + 170 * 6);
  assert.equal(cost(pngDataUrl(1024, 1024), "auto"), 85 + 170 * 4); // 768x768 -> 2x2
  assert.equal(cost(pngDataUrl(512, 512)), 85 + 170);
  assert.equal(cost(pngDataUrl(100, 30)), 85 + 170);
  assert.equal(cost(pngDataUrl(2048, 4096), "low"), 85);
  assert.equal(cost("https://example.com/cat.jpg"), 765);
  assert.equal(cost("https://example.com/cat.jpg", "low"), 85);
  assert.equal(imageTokens("high", { width: 1920, height: 1080 }), 85 + 170 * 6);
});

Deno.test("audio cost: wav duration from the RIFF header, others by size", () => {
  const audio = (data: string, format: string) =>
    user([{ type: "input_audio", input_audio: { data, format } }]);
  const cost = (data: string, format: string) =>
    countChatPromptTokens(o200k, [audio(data, format)]) - base();
  assert.equal(wavDurationSeconds(wav(2)), 2);
  assert.equal(wavDurationSeconds(wav(1.5, 44100, 2, 16)), 1.5);
  assert.equal(wavDurationSeconds(new Uint8Array(10)), undefined);
  assert.equal(cost(b64(wav(2)), "wav"), 20);
  assert.equal(cost(b64(wav(3.05, 48000, 2)), "wav"), 31);
  assert.equal(cost(b64(new Uint8Array(32_000)), "mp3"), 20);
  assert.equal(cost(b64(new Uint8Array(32_000)), "wav"), 20); // not RIFF: size estimate
});

Deno.test("file parts", () => {
  const file = (f: Record<string, unknown>) => user([{ type: "file", file: f }]);
  const cost = (f: Record<string, unknown>) => countChatPromptTokens(o200k, [file(f)]) - base();
  const text = "Quarterly report: revenue grew 12%.";
  assert.equal(cost({ file_data: `data:text/plain;base64,${btoa(text)}` }), o200k.count(text));
  assert.equal(
    cost({ file_data: `data:text/plain,${encodeURIComponent(text)}` }),
    o200k.count(text),
  );
  const pdf = b64(new Uint8Array(4001));
  assert.equal(cost({ filename: "a.pdf", file_data: `data:application/pdf;base64,${pdf}` }), 1001);
  assert.equal(cost({ file_id: "file-abc123" }), 256);
  assert.equal(cost({}), 0);
});

Deno.test("odd shapes never throw", () => {
  const odd = [
    null,
    42,
    { role: "user" },
    { role: "user", content: 7 },
    { role: "user", content: [null, 3, "bare string", { type: "mystery" }, { type: "text" }] },
    { role: "user", content: [{ type: "image_url", image_url: "https://x/y.png" }] },
    { role: "user", content: [{ type: "image_url" }, { type: "input_audio" }, { type: "file" }] },
    {
      role: "user",
      content: [{ type: "input_audio", input_audio: { data: "%%%", format: "wav" } }],
    },
    { role: "assistant", tool_calls: [null, { function: { name: 5, arguments: { a: 1 } } }] },
    { role: "system", content: "x", tool_calls: "nope" },
  ] as unknown as Parameters<typeof countChatPromptTokens>[1];
  const tools = [null, { type: "function" }, { name: "legacy_fn", parameters: { properties: {} } }];
  assert.ok(countChatPromptTokens(o200k, odd) > 0);
  assert.ok(countChatPromptTokens(o200k, odd, tools) > 0);
  const nested = [{
    type: "function",
    function: {
      name: "f",
      parameters: {
        type: "object",
        properties: {
          a: { type: "array", items: { type: "object", properties: { b: { type: "integer" } } } },
          c: { type: ["string", "null"] },
        },
      },
    },
  }];
  assert.ok(countChatPromptTokens(o200k, [user("hi")], nested) > base());
});

Deno.test("chatPromptText joins text parts in order", () => {
  const text = chatPromptText([
    { role: "system", content: "Be brief." },
    {
      role: "user",
      content: [
        { type: "text", text: "Describe" },
        { type: "image_url", image_url: { url: "https://x" } },
        { type: "text", text: "this image" },
      ],
    },
    { role: "assistant", content: null, tool_calls: [] },
  ]);
  assert.equal(text, "Be brief.\nDescribe\nthis image");
  assert.equal(chatPromptText([]), "");
});
