/**
 * Streaming bases for chat, completions and responses: the status is decided before the first
 * byte, so a bad field is still a JSON 400; a valid request is a whole SSE stream to its end.
 */
import { f, type JsonEndpoint, textOptions, UNKNOWN, userContent } from "./fuzz_endpoints.ts";
import {
  anyOf,
  arrayOf,
  bool,
  budget,
  int,
  isObject,
  nullish,
  num,
  oneOf,
  optional,
  str,
} from "./fuzz_values.ts";

/** A streamed answer that ran to its end, with no error event on the way. */
export function completeStream(end: RegExp) {
  return (body: string, type: string): string | null => {
    if (!type.startsWith("text/event-stream")) return null;
    if (/^event: error$|"type":"error"|^data: \{"error"/m.test(body)) {
      return `error event in the stream: ${body.slice(-300)}`;
    }
    return end.test(body) ? null : `stream did not end with ${end}: ${body.slice(-200)}`;
  };
}

const DONE = /data: \[DONE\]\n\n$/;
const streamOptions = (extra: string[]) =>
  nullish((v) =>
    isObject(v) &&
      ["include_usage", ...extra].every((k) => v[k] === undefined || typeof v[k] === "boolean")
      ? "ok"
      : "bad"
  );
const USER = { role: "user", content: "Hi" };

export const CHAT_STREAM: JsonEndpoint = {
  name: "chat-stream",
  path: "/v1/chat/completions",
  base: {
    model: "gpt-4o",
    messages: [USER],
    max_tokens: 4,
    stream: true,
    stream_options: { include_usage: true },
  },
  okStatus: "2xx",
  check: completeStream(DONE),
  fields: [
    // stream_options needs stream: true.
    f("stream", oneOf(true)),
    f("stream_options", streamOptions(["include_obfuscation"]), [{ include_usage: false }]),
    f("stream_options.include_usage", optional(bool)),
    f("messages.0.content", userContent),
    f("n", nullish(int(1, 128))),
    f("max_tokens", nullish(budget(int(1), 16_384))),
    f("stop", nullish(anyOf(str(), arrayOf(str(), 0, 4)))),
    f("logprobs", nullish(bool)),
    f("seed", nullish(int())),
    f("temperature", nullish(num(0, 2))),
    f("ignore_eos", nullish(bool)),
    f("tools", nullish(arrayOf(() => "bad")), [[]]),
    UNKNOWN,
  ],
};

export const COMPLETIONS_STREAM: JsonEndpoint = {
  name: "completions-stream",
  path: "/v1/completions",
  base: { model: "gpt-3.5-turbo-instruct", prompt: "Hi", max_tokens: 4, stream: true },
  okStatus: "2xx",
  check: completeStream(DONE),
  fields: [
    f("stream", nullish(bool)),
    f("stream_options", streamOptions([])),
    f(
      "prompt",
      anyOf(str(), arrayOf(str()), arrayOf(int(0, 100_000)), arrayOf(arrayOf(int(0, 100_000)))),
    ),
    f("n", nullish(int(1, 128))),
    // Streaming cannot pick the best of several.
    f("best_of", nullish(oneOf(1)), [1, 2]),
    f("logprobs", nullish(int(0, 5))),
    f("echo", nullish(bool)),
    f("suffix", nullish(str())),
    f("stop", nullish(anyOf(str(), arrayOf(str(), 0, 4)))),
    UNKNOWN,
  ],
};

export const RESPONSES_STREAM: JsonEndpoint = {
  name: "responses-stream",
  path: "/v1/responses",
  base: { model: "gpt-4o", input: "Hi", max_output_tokens: 16, stream: true },
  okStatus: "2xx",
  check: completeStream(/event: response\.(completed|incomplete)\ndata: .*\n\n$/),
  fields: [
    f("stream", nullish(bool)),
    f("input", str()),
    f("instructions", nullish(str())),
    f("store", nullish(bool)),
    f("temperature", nullish(num(0, 2))),
    f("max_output_tokens", nullish(budget(int(16), 16_384))),
    f("text", nullish(textOptions), [{ format: { type: "json_object" } }]),
    f("ignore_eos", nullish(bool)),
    UNKNOWN,
  ],
};
