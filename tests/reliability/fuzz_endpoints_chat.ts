/** Chat completions: plain, with a tool, and with a strict response_format schema. */
import {
  benchmark,
  f,
  type JsonEndpoint,
  metadata,
  MODEL_EXTRAS,
  OUTPUT_LIMIT,
  penalty,
  seed,
  stop,
  streamOptions,
  UNKNOWN,
  USER,
  userContent,
} from "./fuzz_endpoints.ts";
import {
  arrayOf,
  bool,
  budget,
  int,
  isObject,
  type Kind,
  never,
  nullish,
  num,
  oneOf,
  optional,
  record,
  str,
} from "./fuzz_values.ts";

const simpleMessage = (m: unknown) =>
  isObject(m) && (
    (["user", "system", "developer"].includes(m.role as string) && typeof m.content === "string") ||
    (m.role === "assistant" && (m.content == null || typeof m.content === "string"))
  );

const WEATHER_TOOL = {
  type: "function",
  function: {
    name: "get_weather",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};
const STRICT_SCHEMA = {
  type: "object",
  properties: { a: { type: "integer" } },
  required: ["a"],
  additionalProperties: false,
};

export const CHAT: JsonEndpoint = {
  name: "chat",
  path: "/v1/chat/completions",
  base: { model: "gpt-4o", messages: [USER], max_tokens: 4 },
  okStatus: "2xx",
  fields: [
    f("model", str(1), MODEL_EXTRAS),
    f(
      "messages",
      (v) => (Array.isArray(v) && v.length > 0 && v.every(simpleMessage) ? "ok" : "bad"),
      [
        [{ role: "assistant", content: null }],
        [{ role: "tool", content: "x" }],
        [{ role: "user" }],
      ],
    ),
    f("messages.0.role", oneOf("user", "system", "developer", "assistant"), [
      "robot",
      "USER",
      "tool",
      "function",
      "user ",
    ]),
    f(
      "messages.0.content",
      userContent,
      [[{ type: "text", text: "x" }], [{ type: "image_url" }], [{ type: "refusal", refusal: "x" }]],
    ),
    f("messages.0.name", optional(str())),
    f("frequency_penalty", penalty),
    f("presence_penalty", penalty),
    f("logit_bias", nullish(record(num(-100, 100))), [{ "50256": -100 }, { "1": 101 }]),
    f("logprobs", nullish(bool)),
    // top_logprobs above 0 needs logprobs: true.
    f("top_logprobs", (v) => (v == null || v === 0 || Object.is(v, -0) ? "ok" : "bad")),
    f("max_tokens", nullish(budget(int(1), OUTPUT_LIMIT))),
    f("max_completion_tokens", nullish(budget(int(1), OUTPUT_LIMIT))),
    f("n", nullish(int(1, 128))),
    f("stop", stop, [["a", "b", "c", "d", "e"]]),
    f("seed", seed),
    f("temperature", nullish(num(0, 2))),
    f("top_p", nullish(num(0, 1))),
    f("stream", nullish(bool)),
    f("stream_options", streamOptions, [{ include_usage: true }]),
    f("tools", nullish(arrayOf(never)), [[{ type: "function" }]]),
    // Without tools only "none" is allowed.
    f("tool_choice", nullish(oneOf("none")), ["auto", "required"]),
    f("parallel_tool_calls", nullish(bool)),
    f(
      "response_format",
      nullish((
        v,
      ) => (isObject(v) && ["text", "json_object"].includes(v.type as string) ? "ok" : "bad")),
      [{ type: "json_object" }, { type: "json_schema" }],
    ),
    f("user", nullish(str())),
    f("metadata", metadata),
    f("store", nullish(bool)),
    f("service_tier", nullish(oneOf("auto", "default", "flex", "scale", "priority")), ["flex"]),
    f("reasoning_effort", nullish(oneOf("none", "minimal", "low", "medium", "high")), ["max"]),
    f("modalities", nullish(arrayOf(oneOf("text", "audio"))), [["text"]]),
    f(
      "prediction",
      nullish((
        v,
      ) => (isObject(v) && v.type === "content" && typeof v.content === "string" ? "ok" : "bad")),
      [{ type: "content", content: "x" }],
    ),
    ...benchmark,
    UNKNOWN,
  ],
};

/** A mode, or an object naming the one tool. */
const toolChoice: Kind = (v) =>
  isObject(v) && v.type === "function" && isObject(v.function) && v.function.name === "get_weather"
    ? "ok"
    : nullish(oneOf("none", "auto", "required"))(v);

export const CHAT_TOOLS: JsonEndpoint = {
  name: "chat-tools",
  path: "/v1/chat/completions",
  base: { model: "gpt-4o", messages: [USER], max_tokens: 8, tools: [WEATHER_TOOL] },
  okStatus: "2xx",
  fields: [
    f("tools.0.type", oneOf("function")),
    f(
      "tools.0.function.name",
      (v) => (typeof v === "string" && /^[\w-]{1,64}$/.test(v) ? "ok" : "bad"),
      [
        "a".repeat(64),
        "a".repeat(65),
        "with space",
        "n\u00e4me",
      ],
    ),
    f("tools.0.function.description", optional(str())),
    // Without strict mode any object is taken as the parameters schema.
    f("tools.0.function.parameters", optional((v) => (isObject(v) ? "ok" : "bad"))),
    // The base schema is not strict-mode valid (no additionalProperties: false).
    f("tools.0.function.strict", nullish(oneOf(false))),
    f("tool_choice", toolChoice, [
      { type: "function", function: { name: "get_weather" } },
      { type: "function", function: { name: "nope" } },
    ]),
    f("parallel_tool_calls", nullish(bool)),
  ],
};

const strictObject: Kind = (v) =>
  isObject(v) && v.type === "object" && v.additionalProperties === false &&
    isObject(v.properties) &&
    Array.isArray(v.required) && Object.keys(v.properties).every((k) =>
      (v.required as unknown[]).includes(k)
    )
    ? "ok"
    : "bad";

export const CHAT_SCHEMA: JsonEndpoint = {
  name: "chat-schema",
  path: "/v1/chat/completions",
  base: {
    model: "gpt-4o",
    messages: [USER],
    max_tokens: 32,
    response_format: {
      type: "json_schema",
      json_schema: { name: "out", schema: STRICT_SCHEMA, strict: true },
    },
  },
  okStatus: "2xx",
  fields: [
    f("response_format.type", oneOf("json_schema", "text", "json_object")),
    f(
      "response_format.json_schema.name",
      (v) => (typeof v === "string" && /^[\w-]{1,64}$/.test(v) ? "ok" : "bad"),
    ),
    // Strict mode needs an object schema closed by additionalProperties: false (a missing
    // schema is `{}`, which is not one).
    f("response_format.json_schema.schema", strictObject, [STRICT_SCHEMA, { type: "object" }]),
    f("response_format.json_schema.strict", nullish(bool)),
  ],
};
