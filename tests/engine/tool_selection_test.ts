/** Which tools the simulated model calls: the documented rule at the top of tool_selection.ts. */
import assert from "node:assert/strict";
import {
  selectTools,
  type ToolContext,
  type ToolDef,
  topicWordsIn,
  wordsOf,
} from "../../src/engine/tool_selection.ts";

const weather: ToolDef = { name: "get_weather", description: "Current weather for a city" };
const email: ToolDef = { name: "sendEmail", description: "Send an email message" };
const search: ToolDef = { name: "search-web", description: "Search the web" };
const TOOLS = [weather, email, search];

const ctx = (over: Partial<ToolContext>): ToolContext => ({
  tools: TOOLS,
  choice: "auto",
  parallel: true,
  lastRole: "user",
  lastUserText: "What is the weather in Paris?",
  ...over,
});
const names = (tools: ToolDef[]) => tools.map((t) => t.name);

Deno.test("no tools, or tool_choice none: no call", () => {
  assert.deepEqual(selectTools(ctx({ tools: [] })), []);
  assert.deepEqual(selectTools(ctx({ tools: [], choice: "required" })), []);
  assert.deepEqual(selectTools(ctx({ choice: "none" })), []);
});

Deno.test("a named function: exactly that one, whatever the text or last role", () => {
  for (const lastRole of ["user", "tool"]) {
    const picked = selectTools(ctx({ choice: { name: "search-web" }, lastRole }));
    assert.deepEqual(names(picked), ["search-web"]);
  }
  assert.deepEqual(selectTools(ctx({ choice: { name: "not_there" } })), []);
});

Deno.test("auto: calls the tool that shares a word with the latest user message", () => {
  assert.deepEqual(names(selectTools(ctx({}))), ["get_weather"]);
  assert.deepEqual(names(selectTools(ctx({ lastUserText: "search for cats" }))), ["search-web"]);
});

Deno.test("auto: camelCase, dashes and underscores in names are split into words", () => {
  const stock: ToolDef = { name: "lookupStockPrice" };
  const picked = selectTools(ctx({ tools: [stock, weather], lastUserText: "the PRICE of gold" }));
  assert.deepEqual(names(picked), ["lookupStockPrice"]);
  assert.deepEqual(wordsOf("lookup Stock Price"), ["lookup", "stock", "price"]);
});

Deno.test("auto: no shared word → text; stopwords never count", () => {
  assert.deepEqual(selectTools(ctx({ lastUserText: "Tell me a joke" })), []);
  const onlyStop: ToolDef = { name: "get_it", description: "the a of" };
  assert.deepEqual(selectTools(ctx({ tools: [onlyStop], lastUserText: "get it for the cat" })), []);
});

Deno.test("auto with parallel: every matching tool, best match first, ties in tool order", () => {
  const text = "send an email message about the weather and search the web";
  // email: send, email, message (3); search: search, web (2); weather: weather (1)
  assert.deepEqual(names(selectTools(ctx({ lastUserText: text }))), [
    "sendEmail",
    "search-web",
    "get_weather",
  ]);
  const tie = "weather email";
  assert.deepEqual(names(selectTools(ctx({ lastUserText: tie }))), ["get_weather", "sendEmail"]);
});

Deno.test("auto without parallel: only the best match", () => {
  const text = "send an email message about the weather and search the web";
  assert.deepEqual(names(selectTools(ctx({ lastUserText: text, parallel: false }))), [
    "sendEmail",
  ]);
});

Deno.test("auto after a tool (or function) result: answer in text", () => {
  for (const lastRole of ["tool", "function"]) {
    assert.deepEqual(selectTools(ctx({ lastRole })), [], lastRole);
  }
});

Deno.test("required: as auto when there is a match", () => {
  const text = "send an email message about the weather";
  assert.deepEqual(names(selectTools(ctx({ choice: "required", lastUserText: text }))), [
    "sendEmail",
    "get_weather",
  ]);
  assert.deepEqual(
    names(selectTools(ctx({ choice: "required", lastUserText: text, parallel: false }))),
    ["sendEmail"],
  );
});

Deno.test("required without a match: the first tool; never text", () => {
  assert.deepEqual(names(selectTools(ctx({ choice: "required", lastUserText: "hi there" }))), [
    "get_weather",
  ]);
  assert.deepEqual(names(selectTools(ctx({ choice: "required", lastUserText: "" }))), [
    "get_weather",
  ]);
});

Deno.test("required after a tool result: exactly one call, the best match (or the first tool)", () => {
  const picked = selectTools(
    ctx({ choice: "required", lastRole: "tool", lastUserText: "search the web and email me" }),
  );
  assert.deepEqual(names(picked), ["search-web"]);
  const none = selectTools(ctx({ choice: "required", lastRole: "tool", lastUserText: "hello" }));
  assert.deepEqual(names(none), ["get_weather"]);
});

Deno.test("matching is case-insensitive", () => {
  assert.deepEqual(names(selectTools(ctx({ lastUserText: "WEATHER?!" }))), ["get_weather"]);
});

Deno.test("topicWordsIn: the distinct 4+ letter content words wordsOf keeps, first 12, in order", () => {
  const reference = (text: string) =>
    [...new Set(wordsOf(text).filter((w) => w.length >= 4))].slice(0, 12);
  const texts = [
    "",
    "Hello there, how are you?",
    "What does the weather look like in Paris? Paris weather, please!",
    "İstanbul ÇAĞRI naïve café — résumé 2024 x1 abcd1234 ____ under_score CamelCaseWord",
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen",
    "Tell me about about about the river river river and its signals signals.",
    "a".repeat(5) + " " + "b".repeat(3) + " which your please does",
  ];
  for (const text of texts) assert.deepEqual(topicWordsIn(text), reference(text), text);
});
