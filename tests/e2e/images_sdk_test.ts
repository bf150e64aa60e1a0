/** Image generation against the real CLI: the openai SDK, and the Vercel AI SDK's generateImage. */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { generateImage } from "ai";
import { createOpenAI } from "@ai-sdk/openai";
import { decodeBase64 } from "../../src/codecs/image_probe.ts";
import { type FakeAIProcess, startFakeAI } from "../support/fakeai_process.ts";
import { hasPngSignature, readPng } from "../support/png_reader.ts";

const FAST = ["--response-delay", "0"];
const FULL_SIZE = [...FAST, "--generate-actual-images"];

async function withServer(
  fn: (client: OpenAI, server: FakeAIProcess) => Promise<void>,
  args = FAST,
) {
  const server = await startFakeAI({ args });
  try {
    await fn(new OpenAI({ baseURL: server.baseURL, apiKey: "sk-test", maxRetries: 0 }), server);
  } finally {
    assert.equal(await server.stop(), 0);
  }
}

async function download(url: string): Promise<{ bytes: Uint8Array; type: string | null }> {
  const res = await fetch(url);
  assert.equal(res.status, 200);
  return { bytes: new Uint8Array(await res.arrayBuffer()), type: res.headers.get("content-type") };
}

function dimensions(png: Uint8Array): [number, number] {
  assert.ok(hasPngSignature(png));
  const info = readPng(png);
  return [info.width, info.height];
}

Deno.test("e2e images: url and b64_json responses are real PNGs (1x1 by default)", async () => {
  await withServer(async (client, server) => {
    const byUrl = await client.images.generate({ prompt: "a red kite over the sea", n: 2 });
    assert.equal(typeof byUrl.created, "number");
    assert.equal(byUrl.data!.length, 2);
    const [a, b] = byUrl.data!.map((d) => d.url!);
    assert.notEqual(a, b);
    assert.ok(a.startsWith(`${server.url}/images/`), "URL built from the address the client used");
    const first = await download(a);
    assert.equal(first.type, "image/png");
    assert.deepEqual(dimensions(first.bytes), [1, 1]);

    const byB64 = await client.images.generate({
      model: "dall-e-3",
      prompt: "a red kite over the sea",
      response_format: "b64_json",
      quality: "hd",
      style: "natural",
    });
    const item = byB64.data![0];
    assert.equal(item.url, undefined);
    assert.deepEqual(dimensions(decodeBase64(item.b64_json!)!), [1, 1]);
    assert.match(item.revised_prompt!, /red kite over the sea/);

    const missing = await fetch(`${server.url}/images/img-doesnotexist.png`);
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).error.code, "image_not_found");
  });
});

Deno.test("e2e images: invalid requests are BadRequestErrors like OpenAI's", async () => {
  await withServer(async (client) => {
    const expect400 = async (body: OpenAI.ImageGenerateParamsNonStreaming, param: string) => {
      await assert.rejects(
        () => client.images.generate(body),
        (err: unknown) => {
          assert.ok(err instanceof OpenAI.BadRequestError, String(err));
          assert.equal(err.status, 400);
          assert.equal(err.type, "invalid_request_error");
          assert.equal(err.param, param);
          return true;
        },
      );
    };
    await expect400({ model: "dall-e-3", prompt: "two cats", n: 2 }, "n");
    await expect400({ model: "dall-e-2", prompt: "a cat", size: "1792x1024" }, "size");
    await expect400({ model: "gpt-image-1", prompt: "a cat", size: "256x256" }, "size");
    await expect400({ prompt: "" }, "prompt");
    await expect400({ prompt: "a cat", n: 11 }, "n");
    await expect400(
      { model: "gpt-image-1", prompt: "a cat", response_format: "url" },
      "response_format",
    );
  });
});

Deno.test("e2e images: --generate-actual-images gives the requested size", async () => {
  await withServer(async (client) => {
    const wide = await client.images.generate({
      model: "dall-e-3",
      prompt: "a mountain range",
      size: "1792x1024",
    });
    assert.deepEqual(dimensions((await download(wide.data![0].url!)).bytes), [1792, 1024]);

    const small = await client.images.generate({
      prompt: "a mountain range",
      size: "256x256",
      n: 2,
      response_format: "b64_json",
    });
    const pngs = small.data!.map((d) => decodeBase64(d.b64_json!)!);
    assert.deepEqual(pngs.map(dimensions), [[256, 256], [256, 256]]);
    assert.notDeepEqual(pngs[0], pngs[1], "n=2 gives distinct images");

    const gpt = await client.images.generate({
      model: "gpt-image-1",
      prompt: "a mountain range",
      size: "1536x1024",
      quality: "medium",
    });
    assert.deepEqual(dimensions(decodeBase64(gpt.data![0].b64_json!)!), [1536, 1024]);
    assert.equal(gpt.size, "1536x1024");
    assert.equal(gpt.quality, "medium");
    assert.equal(gpt.output_format, "png");
    assert.equal(gpt.usage!.output_tokens, 1568);
    assert.equal(gpt.usage!.total_tokens, gpt.usage!.input_tokens + 1568);
  }, FULL_SIZE);
});

Deno.test("e2e images: Vercel AI SDK generateImage (dall-e-3 and gpt-image-1)", async () => {
  await withServer(async (_client, server) => {
    const openai = createOpenAI({ baseURL: server.baseURL, apiKey: "sk-test" });
    const dalle = await generateImage({
      model: openai.image("dall-e-3"),
      prompt: "a paper boat",
      size: "1024x1792",
      maxRetries: 0,
    });
    assert.deepEqual(dimensions(dalle.image.uint8Array), [1024, 1792]);
    assert.equal(dalle.image.mediaType, "image/png");

    const gpt = await generateImage({
      model: openai.image("gpt-image-1"),
      prompt: "a paper boat",
      n: 2,
      size: "1024x1024",
      providerOptions: { openai: { quality: "low" } },
      maxRetries: 0,
    });
    assert.equal(gpt.images.length, 2);
    assert.deepEqual(dimensions(gpt.images[1].uint8Array), [1024, 1024]);
    assert.equal(gpt.usage.outputTokens, 2 * 272);
  }, FULL_SIZE);
});
