/** The fuzzer's other JSON endpoints: embeddings, moderations, images, speech, ranking, batches. */
import { f, type JsonEndpoint, MODEL_EXTRAS, tokenId, UNKNOWN } from "./fuzz_endpoints.ts";
import {
  anyOf,
  arrayOf,
  int,
  isObject,
  type Kind,
  modelName,
  never,
  nullish,
  num,
  oneOf,
  optional,
  record,
  str,
} from "./fuzz_values.ts";
import { VOICES } from "../../src/config/choices.ts";

const nonEmptyIds = arrayOf(tokenId, 1);

export const EMBEDDINGS: JsonEndpoint = {
  name: "embeddings",
  path: "/v1/embeddings",
  base: { model: "text-embedding-3-small", input: "Hi" },
  okStatus: "2xx",
  fields: [
    f("model", modelName, MODEL_EXTRAS),
    // OpenAI: a non-empty string, strings, token ids or lists of token ids (at most 2048).
    f(
      "input",
      anyOf(str(1), nonEmptyIds, arrayOf(str(1), 1, 2048), arrayOf(nonEmptyIds, 1, 2048)),
      [[[1, 2], [3]], [""], [-1]],
    ),
    f("encoding_format", nullish(oneOf("float", "base64"))),
    f("dimensions", nullish(int(1, 1536)), [1536, 1537]),
    f("user", optional(str())),
    UNKNOWN,
  ],
};

const moderationPart = (v: unknown) =>
  isObject(v) && (
    (v.type === "text" && typeof v.text === "string") ||
    (v.type === "image_url" && isObject(v.image_url) && typeof v.image_url.url === "string")
  );

export const MODERATIONS: JsonEndpoint = {
  name: "moderations",
  path: "/v1/moderations",
  base: { input: "Hi" },
  okStatus: "2xx",
  fields: [
    f(
      "input",
      anyOf(str(), arrayOf(str(), 1), arrayOf((p) => (moderationPart(p) ? "ok" : "bad"), 1)),
      [
        [{ type: "text", text: "x" }],
        [{ type: "image_url", image_url: { url: "https://example.com/a.png" } }],
      ],
    ),
    f("model", optional(modelName), ["omni-moderation-latest", ...MODEL_EXTRAS]),
    UNKNOWN,
  ],
};

/** dall-e-2 takes its three sizes; dall-e-3 and GPT image models refuse 256x256; others take any. */
const imageModel: Kind = (v) => {
  if (v === undefined || v === null || v === "dall-e-2") return "ok";
  if (v === "") return "either";
  if (typeof v !== "string") return "bad";
  return v === "dall-e-3" || /^(gpt-image|chatgpt-image)/.test(v) ? "bad" : "ok";
};

export const IMAGES: JsonEndpoint = {
  name: "images",
  path: "/v1/images/generations",
  base: { model: "dall-e-2", prompt: "a cat", size: "256x256" },
  okStatus: "2xx",
  fields: [
    f("prompt", str(1, 1000), ["x".repeat(1000), "x".repeat(1001)]),
    f("model", imageModel, ["dall-e-3", "gpt-image-1", ...MODEL_EXTRAS]),
    f("n", nullish(int(1, 10)), [10, 11]),
    f("size", nullish(oneOf("256x256", "512x512", "1024x1024")), ["1792x1024", "auto", "256X256"]),
    // dall-e-2 takes neither quality nor style, nor any GPT-image-only parameter.
    f("quality", nullish(never), ["standard", "hd"]),
    f("style", nullish(never), ["vivid"]),
    f("response_format", nullish(oneOf("url", "b64_json")), ["b64_json", "png"]),
    f("user", nullish(str())),
    f("background", nullish(never), ["transparent"]),
    f("output_format", nullish(never), ["png"]),
    f("output_compression", nullish(never), [50]),
    f("partial_images", nullish(never), [1]),
    f("stream", nullish(oneOf(false))),
    UNKNOWN,
  ],
};

export const SPEECH: JsonEndpoint = {
  name: "speech",
  path: "/v1/audio/speech",
  // WAV: a long input's audio is cheap to encode (mp3 takes lamejs seconds for minutes of speech).
  base: { model: "tts-1", input: "Hello there.", voice: "alloy", response_format: "wav" },
  okStatus: "2xx",
  fields: [
    f("model", modelName, ["gpt-4o-mini-tts", ...MODEL_EXTRAS]),
    f("input", str(1, 4096)),
    // A built-in voice, or a custom voice object with an id; without one (or null) the
    // server's FAKEAI_DEFAULT_VOICE.
    f(
      "voice",
      nullish((v) =>
        (VOICES as readonly unknown[]).includes(v) ||
          (isObject(v) && typeof v.id === "string" && v.id !== "")
          ? "ok"
          : "bad"
      ),
      ["nova", "ALLOY", { id: "voice_1" }, { id: "" }],
    ),
    f("response_format", optional(oneOf("mp3", "opus", "aac", "flac", "wav", "pcm")), [
      "wav",
      "ogg",
    ]),
    f("speed", optional(num(0.25, 4)), [0.25, 0.24, 4, 4.01]),
    f("instructions", optional(str(0, 4096))),
    // tts-1 cannot stream SSE.
    f("stream_format", optional(oneOf("audio")), ["sse"]),
    UNKNOWN,
  ],
};

export const RANKING: JsonEndpoint = {
  name: "ranking",
  path: "/v1/ranking",
  base: {
    model: "nvidia/nv-rerankqa-mistral-4b-v3",
    query: { text: "q" },
    passages: [{ text: "p" }],
  },
  okStatus: "2xx",
  fields: [
    f("model", modelName, MODEL_EXTRAS),
    f("query", (v) => (isObject(v) && typeof v.text === "string" && v.text !== "" ? "ok" : "bad")),
    f("query.text", str(1)),
    f("passages", arrayOf((p) => (isObject(p) && typeof p.text === "string" ? "ok" : "bad"), 1), [
      [{ text: "a" }, { text: "b" }],
    ]),
    f("passages.0.text", str()),
    f("truncate", optional(oneOf("NONE", "END")), ["none"]),
    UNKNOWN,
  ],
};

export const BATCHES: JsonEndpoint = {
  name: "batches",
  path: "/v1/batches",
  base: {
    input_file_id: "file-doesnotexist",
    endpoint: "/v1/chat/completions",
    completion_window: "24h",
  },
  // The file does not exist: a valid body is a 404 for the file.
  okStatus: "404",
  fields: [
    f("input_file_id", str()),
    f(
      "endpoint",
      oneOf("/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/responses"),
      [
        "/v1/moderations",
      ],
    ),
    f("completion_window", oneOf("24h"), ["48h"]),
    // At most 16 keys of at most 64 characters, values of at most 512.
    f("metadata", nullish(record(str(0, 512))), [{ k: "x".repeat(513) }]),
    f(
      "output_expires_after",
      optional((v) =>
        isObject(v) && v.anchor === "created_at" && int(3600, 2_592_000)(v.seconds) === "ok"
          ? "ok"
          : "bad"
      ),
      [{ anchor: "created_at", seconds: 3600 }, { anchor: "created_at", seconds: 3599 }],
    ),
    UNKNOWN,
  ],
};
