/** Legacy completions and the Responses API. */
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
  textOptions,
  tokenId,
  UNKNOWN,
} from "./fuzz_endpoints.ts";
import {
  anyOf,
  arrayOf,
  bool,
  budget,
  int,
  isObject,
  type Kind,
  nullish,
  num,
  oneOf,
  record,
  str,
} from "./fuzz_values.ts";
import { RESPONSE_INCLUDES } from "../../src/api/openai/responses_schema.ts";

export const COMPLETIONS: JsonEndpoint = {
  name: "completions",
  path: "/v1/completions",
  base: { model: "gpt-3.5-turbo-instruct", prompt: "Hi", max_tokens: 4 },
  okStatus: "2xx",
  fields: [
    f("model", str(1), MODEL_EXTRAS),
    f(
      "prompt",
      // Text, texts, token ids or lists of token ids (ids within the vocabulary).
      anyOf(str(), arrayOf(str()), arrayOf(tokenId), arrayOf(arrayOf(tokenId))),
      [[0], [[1, 2], [3]], [100_000_000], [-1]],
    ),
    f("suffix", nullish(str())),
    f("max_tokens", nullish(budget(int(0), 4096))),
    f("temperature", nullish(num(0, 2))),
    f("top_p", nullish(num(0, 1))),
    f("n", nullish(int(1, 128))),
    f("best_of", nullish(int(1, 20))),
    f("stream", nullish(bool)),
    f("stream_options", streamOptions),
    f("logprobs", nullish(int(0, 5))),
    f("echo", nullish(bool)),
    f("stop", stop),
    f("presence_penalty", penalty),
    f("frequency_penalty", penalty),
    f("logit_bias", nullish(record(num(-100, 100)))),
    f("seed", seed),
    f("user", nullish(str())),
    ...benchmark,
    UNKNOWN,
  ],
};

const inputText = (v: unknown) =>
  isObject(v) && v.type === "input_text" && typeof v.text === "string";
const responseItem = (v: unknown) =>
  isObject(v) && ["user", "assistant", "system", "developer"].includes(v.role as string) &&
  (typeof v.content === "string" || (Array.isArray(v.content) && v.content.every(inputText))) &&
  (v.type === undefined || v.type === "message");

const reasoning: Kind = (v) =>
  isObject(v) &&
    (v.effort == null ||
      ["none", "minimal", "low", "medium", "high"].includes(v.effort as string)) &&
    (v.summary == null || typeof v.summary === "string")
    ? "ok"
    : "bad";

export const RESPONSES: JsonEndpoint = {
  name: "responses",
  path: "/v1/responses",
  base: { model: "gpt-4o", input: "Hi", max_output_tokens: 16 },
  okStatus: "2xx",
  fields: [
    f("model", str(1), MODEL_EXTRAS),
    f(
      "input",
      (
        v,
      ) => (typeof v === "string" || (Array.isArray(v) && v.length > 0 && v.every(responseItem))
        ? "ok"
        : "bad"),
      [
        [{ role: "user", content: "hi" }],
        [{ type: "message", role: "user", content: [{ type: "input_text", text: "hi" }] }],
        [{ role: "robot", content: "hi" }],
        [{ type: "function_call", call_id: 1 }],
      ],
    ),
    f("instructions", nullish(str())),
    f("max_output_tokens", nullish(budget(int(16), OUTPUT_LIMIT))),
    // Built-in tools are accepted by type and never called.
    f(
      "tools",
      nullish(
        arrayOf((
          t,
        ) => (isObject(t) && typeof t.type === "string" && t.type !== "function" ? "ok" : "bad")),
      ),
      [
        [{ type: "web_search" }],
        [{ type: "function" }],
      ],
    ),
    f("tool_choice", nullish(oneOf("none", "auto", "required")), [{ type: "function", name: "f" }]),
    f("parallel_tool_calls", nullish(bool)),
    f("text", nullish(textOptions), [
      { format: { type: "text" } },
      { format: { type: "json_schema" } },
    ]),
    f("reasoning", nullish(reasoning), [
      { effort: "high" },
      { effort: "extreme" },
    ]),
    f("store", nullish(bool)),
    // An empty id means "no previous response"; any other is unknown here.
    f("previous_response_id", nullish(oneOf(""))),
    f("stream", nullish(bool)),
    f("temperature", nullish(num(0, 2))),
    f("top_p", nullish(num(0, 1))),
    f("top_logprobs", nullish(int(0, 20))),
    f("metadata", metadata),
    f("user", nullish(str())),
    f("service_tier", nullish(str())),
    f("truncation", nullish(oneOf("auto", "disabled"))),
    f("background", nullish(bool)),
    // OpenAI's list.
    f("include", nullish(arrayOf(oneOf(...RESPONSE_INCLUDES))), [
      ["message.output_text.logprobs"],
      ["reasoning.encrypted_content", "file_search_call.results"],
      ["message.output_text"],
    ]),
    ...benchmark,
    UNKNOWN,
  ],
};
