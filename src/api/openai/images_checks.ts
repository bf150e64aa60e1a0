/**
 * Per-model rules of /v1/images/generations with OpenAI's own error wording: the dall-e models
 * answer in their legacy jsonschema style ("'x' is not one of [...] - 'size'"), GPT image models
 * in the current style ("Invalid value: 'x'. Supported values are: ..."), and parameters a model
 * does not know are "Unknown parameter" errors.
 */
import {
  DALL_E_SIZES,
  type Dimensions,
  type ImageFamily,
  imageFamily,
  imageModelRules,
  parseSize,
} from "../../modalities/images/image_models.ts";
import { errors } from "../../server/errors.ts";
import { GPT_IMAGE_ONLY_PARAMS, type ImagesRequest } from "./images_schema.ts";

export interface ImageJob {
  model: string;
  family: ImageFamily;
  prompt: string;
  n: number;
  /** The size as requested or defaulted ("auto" stays "auto"). */
  size: string;
  dimensions: Dimensions;
  responseFormat: "url" | "b64_json";
  quality: string | null;
  style: string | null;
  transparent: boolean;
}

const bad = (param: string, message: string, code: string | null) =>
  errors.invalidParam(param, message, code);

const unknownParameter = (param: string) =>
  bad(param, `Unknown parameter: '${param}'.`, "unknown_parameter");

const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`);

/** "'a', 'b', and 'c'" as OpenAI lists supported values. */
function listed(values: readonly string[]): string {
  const q = quoted(values);
  return q.length <= 2 ? q.join(" and ") : `${q.slice(0, -1).join(", ")}, and ${q.at(-1)}`;
}

const invalidValue = (param: string, value: string, supported: readonly string[]) =>
  bad(
    param,
    `Invalid value: '${value}'. Supported values are: ${listed(supported)}.`,
    "invalid_value",
  );

const notOneOf = (param: string, value: string, supported: readonly string[]) =>
  bad(param, `'${value}' is not one of [${quoted(supported).join(", ")}] - '${param}'`, null);

/** Default model: dall-e-2, unless a GPT-image-only parameter is used (as OpenAI documents). */
export function defaultImageModel(req: ImagesRequest): string {
  const gptOnly = GPT_IMAGE_ONLY_PARAMS.some((p) => p === "stream" ? req.stream : req[p] != null);
  return gptOnly ? "gpt-image-1" : "dall-e-2";
}

export function toImageJob(req: ImagesRequest): ImageJob {
  const model = req.model ?? defaultImageModel(req);
  const family = imageFamily(model);
  const rules = imageModelRules(family);
  const legacy = family === "dall-e-2" || family === "dall-e-3";
  const enumError = legacy ? notOneOf : invalidValue;

  if (req.prompt.length === 0) {
    throw bad(
      "prompt",
      "Invalid 'prompt': empty string. Expected a string with minimum length 1, but got an empty string instead.",
      "empty_string",
    );
  }
  if (req.prompt.length > rules.maxPromptChars) {
    throw bad(
      "prompt",
      `Invalid 'prompt': string too long. Expected a string with maximum length ${rules.maxPromptChars}, but got a string with length ${req.prompt.length} instead.`,
      "string_above_max_length",
    );
  }
  const n = req.n ?? 1;
  if (n > rules.maxN) throw bad("n", "You must provide n=1 for this model.", null);

  const size = req.size ?? rules.defaultSize;
  if (!rules.sizes.includes(size)) {
    if (!legacy) throw invalidValue("size", size, rules.sizes);
    if (!(DALL_E_SIZES as readonly string[]).includes(size)) {
      throw notOneOf("size", size, DALL_E_SIZES);
    }
    throw bad("size", "The size is not supported by this model.", "invalid_size");
  }

  const choice = (param: "quality" | "style", supported: readonly string[]) => {
    const value = req[param];
    if (value == null) return null;
    if (supported.length === 0) throw unknownParameter(param);
    if (!supported.includes(value)) throw enumError(param, value, supported);
    return value;
  };
  const quality = choice("quality", rules.qualities);
  const style = choice("style", rules.styles);

  let responseFormat: "url" | "b64_json" = rules.responseFormats.length > 0 ? "url" : "b64_json";
  if (req.response_format != null) {
    if (rules.responseFormats.length === 0) throw unknownParameter("response_format");
    if (!rules.responseFormats.includes(req.response_format)) {
      throw enumError("response_format", req.response_format, rules.responseFormats);
    }
    responseFormat = req.response_format as "url" | "b64_json";
  }

  checkGptImageParams(req, rules.gptImageParams);
  return {
    model,
    family,
    prompt: req.prompt,
    n,
    size,
    dimensions: parseSize(size),
    responseFormat,
    quality,
    style,
    transparent: req.background === "transparent",
  };
}

function checkGptImageParams(req: ImagesRequest, accepted: boolean): void {
  if (!accepted) {
    for (const p of GPT_IMAGE_ONLY_PARAMS) {
      if (p === "stream" ? req.stream : req[p] != null) throw unknownParameter(p);
    }
    return;
  }
  const enums = {
    background: ["transparent", "opaque", "auto"],
    moderation: ["low", "auto"],
    output_format: ["png", "jpeg", "webp"],
  } as const;
  for (const [param, supported] of Object.entries(enums)) {
    const value = req[param as keyof typeof enums];
    if (value != null && !(supported as readonly string[]).includes(value)) {
      throw invalidValue(param, value, supported);
    }
  }
  if (req.output_format != null && req.output_format !== "png") {
    throw bad(
      "output_format",
      `FakeAI generates PNG images only; output_format '${req.output_format}' is not supported. Use 'png' (the default).`,
      "unsupported_value",
    );
  }
  if (req.stream) {
    throw bad(
      "stream",
      "FakeAI does not stream image generation; omit 'stream' or set it to false.",
      "unsupported_value",
    );
  }
}
