import assert from "node:assert/strict";
import { toImageJob } from "../../../src/api/openai/images_checks.ts";
import type { ImagesRequest } from "../../../src/api/openai/images_schema.ts";
import { ApiError } from "../../../src/server/errors.ts";

function rejects(req: ImagesRequest, param: string, code: string | null, message: RegExp | string) {
  try {
    toImageJob(req);
  } catch (err) {
    assert.ok(err instanceof ApiError);
    assert.equal(err.status, 400);
    assert.equal(err.param, param);
    assert.equal(err.code, code);
    if (typeof message === "string") assert.equal(err.message, message);
    else assert.match(err.message, message);
    return;
  }
  assert.fail(`accepted ${JSON.stringify(req)}`);
}

Deno.test("defaults: dall-e-2, n=1, 1024x1024, url; GPT-image-only params select gpt-image-1", () => {
  const job = toImageJob({ prompt: "a cat" });
  assert.equal(job.model, "dall-e-2");
  assert.equal(job.n, 1);
  assert.equal(job.size, "1024x1024");
  assert.equal(job.responseFormat, "url");
  const gpt = toImageJob({ prompt: "a cat", background: "transparent" });
  assert.equal(gpt.model, "gpt-image-1");
  assert.equal(gpt.responseFormat, "b64_json");
  assert.equal(gpt.size, "auto");
  assert.deepEqual(gpt.dimensions, { width: 1024, height: 1024 });
  assert.equal(gpt.transparent, true);
});

Deno.test("prompt: empty and over the model's limit", () => {
  rejects(
    { prompt: "" },
    "prompt",
    "empty_string",
    "Invalid 'prompt': empty string. Expected a string with minimum length 1, but got an empty string instead.",
  );
  toImageJob({ prompt: "x".repeat(1000) });
  rejects(
    { prompt: "x".repeat(1001) },
    "prompt",
    "string_above_max_length",
    /maximum length 1000, but got a string with length 1001/,
  );
  toImageJob({ prompt: "x".repeat(4000), model: "dall-e-3" });
  rejects(
    { prompt: "x".repeat(4001), model: "dall-e-3" },
    "prompt",
    "string_above_max_length",
    /4000/,
  );
  toImageJob({ prompt: "x".repeat(32000), model: "gpt-image-1" });
  rejects(
    { prompt: "x".repeat(32001), model: "gpt-image-1" },
    "prompt",
    "string_above_max_length",
    /32000/,
  );
});

Deno.test("n: dall-e-3 only takes 1", () => {
  rejects(
    { prompt: "a", model: "dall-e-3", n: 2 },
    "n",
    null,
    "You must provide n=1 for this model.",
  );
  assert.equal(toImageJob({ prompt: "a", model: "dall-e-2", n: 10 }).n, 10);
  assert.equal(toImageJob({ prompt: "a", model: "gpt-image-1", n: 3 }).n, 3);
});

Deno.test("size: per model, with each model's own wording", () => {
  assert.deepEqual(toImageJob({ prompt: "a", size: "256x256" }).dimensions, {
    width: 256,
    height: 256,
  });
  assert.deepEqual(
    toImageJob({ prompt: "a", model: "dall-e-3", size: "1792x1024" }).dimensions,
    { width: 1792, height: 1024 },
  );
  rejects(
    { prompt: "a", size: "640x480" },
    "size",
    null,
    "'640x480' is not one of ['256x256', '512x512', '1024x1024', '1024x1792', '1792x1024'] - 'size'",
  );
  rejects(
    { prompt: "a", size: "1792x1024" },
    "size",
    "invalid_size",
    "The size is not supported by this model.",
  );
  rejects(
    { prompt: "a", model: "dall-e-3", size: "512x512" },
    "size",
    "invalid_size",
    /not supported/,
  );
  rejects(
    { prompt: "a", model: "gpt-image-1", size: "1792x1024" },
    "size",
    "invalid_value",
    "Invalid value: '1792x1024'. Supported values are: '1024x1024', '1024x1536', '1536x1024', and 'auto'.",
  );
  assert.equal(
    toImageJob({ prompt: "a", model: "gpt-image-1", size: "1536x1024" }).size,
    "1536x1024",
  );
});

Deno.test("quality, style and response_format: known, invalid, or unknown to the model", () => {
  const d3 = toImageJob({ prompt: "a", model: "dall-e-3", quality: "hd", style: "natural" });
  assert.deepEqual([d3.quality, d3.style], ["hd", "natural"]);
  rejects(
    { prompt: "a", model: "dall-e-3", quality: "high" },
    "quality",
    null,
    "'high' is not one of ['standard', 'hd'] - 'quality'",
  );
  rejects(
    { prompt: "a", model: "dall-e-3", style: "retro" },
    "style",
    null,
    /'retro' is not one of \['vivid', 'natural'\]/,
  );
  rejects(
    { prompt: "a", quality: "standard" },
    "quality",
    "unknown_parameter",
    "Unknown parameter: 'quality'.",
  );
  rejects(
    { prompt: "a", style: "vivid" },
    "style",
    "unknown_parameter",
    "Unknown parameter: 'style'.",
  );
  rejects(
    { prompt: "a", model: "gpt-image-1", quality: "hd" },
    "quality",
    "invalid_value",
    "Invalid value: 'hd'. Supported values are: 'low', 'medium', 'high', and 'auto'.",
  );
  rejects(
    { prompt: "a", model: "gpt-image-1", style: "vivid" },
    "style",
    "unknown_parameter",
    /'style'/,
  );
  rejects(
    { prompt: "a", model: "gpt-image-1", response_format: "b64_json" },
    "response_format",
    "unknown_parameter",
    /'response_format'/,
  );
  rejects(
    { prompt: "a", response_format: "png" },
    "response_format",
    null,
    /'png' is not one of \['url', 'b64_json'\]/,
  );
  assert.equal(toImageJob({ prompt: "a", response_format: "b64_json" }).responseFormat, "b64_json");
});

Deno.test("GPT image parameters: unknown to dall-e, validated, PNG only", () => {
  rejects(
    { prompt: "a", model: "dall-e-2", background: "opaque" },
    "background",
    "unknown_parameter",
    /'background'/,
  );
  rejects(
    { prompt: "a", model: "dall-e-3", output_format: "png" },
    "output_format",
    "unknown_parameter",
    /'output_format'/,
  );
  rejects(
    { prompt: "a", model: "gpt-image-1", moderation: "strict" },
    "moderation",
    "invalid_value",
    /'low' and 'auto'/,
  );
  rejects(
    { prompt: "a", model: "gpt-image-1", output_format: "jpeg" },
    "output_format",
    "unsupported_value",
    /PNG images only/,
  );
  rejects(
    { prompt: "a", model: "gpt-image-1", stream: true },
    "stream",
    "unsupported_value",
    /does not stream/,
  );
  const ok = toImageJob({
    prompt: "a",
    model: "gpt-image-1",
    output_format: "png",
    moderation: "low",
    stream: false,
  });
  assert.equal(ok.family, "gpt-image");
});

Deno.test("other model ids are lenient: any known size, quality and style, url by default", () => {
  const job = toImageJob({
    prompt: "a",
    model: "stabilityai/sdxl",
    size: "1536x1024",
    quality: "hd",
    style: "vivid",
    n: 4,
  });
  assert.equal(job.family, "other");
  assert.equal(job.responseFormat, "url");
  assert.deepEqual(job.dimensions, { width: 1536, height: 1024 });
  rejects(
    { prompt: "a", model: "stabilityai/sdxl", size: "99x99" },
    "size",
    "invalid_value",
    /Supported values are/,
  );
});
