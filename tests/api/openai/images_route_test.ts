/** /v1/images/generations and GET /images/{id}.png in process, on a ManualClock. */
import assert from "node:assert/strict";
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { imageSizeFromBytes } from "../../../src/codecs/image_probe.ts";
import { decodeBase64 } from "../../../src/codecs/image_probe.ts";
import { testApp } from "../../support/in_process.ts";
import { hasPngSignature, readPng } from "../../support/png_reader.ts";
import { tick, waitFor } from "../../support/wait.ts";

const GENERATE = "/v1/images/generations";

async function fetchImage(app: ReturnType<typeof testApp>["app"], url: string, init?: RequestInit) {
  return await app.request(new URL(url).pathname, init);
}

/** Lets pending async work (PNG compression) run until the handler waits on the clock. */
async function untilTimer(t: ReturnType<typeof testApp>) {
  await waitFor("the handler to wait on the clock", () => t.clock.pendingTimers > 0);
}

Deno.test("url images are served until they expire, then 404 in OpenAI's error shape", async () => {
  const t = testApp({ imageRetentionSeconds: 60 });
  const res = await t.post(GENERATE, { prompt: "a harbour at dawn" });
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.created, 1_700_000_000);
  assert.equal(body.data.length, 1);
  assert.deepEqual(Object.keys(body.data[0]), ["url"]);
  assert.match(body.data[0].url, /^http:\/\/localhost\/images\/img-[A-Za-z0-9]{24}\.png$/);

  const image = await fetchImage(t.app, body.data[0].url);
  assert.equal(image.status, 200);
  assert.equal(image.headers.get("content-type"), "image/png");
  assert.equal(image.headers.get("cache-control"), "public, max-age=60, immutable");
  const bytes = new Uint8Array(await image.arrayBuffer());
  assert.ok(hasPngSignature(bytes));
  assert.deepEqual(imageSizeFromBytes(bytes), { width: 1, height: 1 }, "1x1 by default");
  assert.equal(image.headers.get("content-length"), String(bytes.length));

  const etag = image.headers.get("etag")!;
  const cached = await fetchImage(t.app, body.data[0].url, { headers: { "if-none-match": etag } });
  assert.equal(cached.status, 304);

  t.clock.advance(59_000);
  const later = await fetchImage(t.app, body.data[0].url);
  assert.equal(later.headers.get("cache-control"), "public, max-age=1, immutable");
  await later.body?.cancel();
  t.clock.advance(1_000);
  const gone = await fetchImage(t.app, body.data[0].url);
  assert.equal(gone.status, 404);
  const err = await gone.json();
  assert.equal(err.error.type, "invalid_request_error");
  assert.equal(err.error.code, "image_not_found");
  assert.equal((await t.app.request("/images/unknown.png")).status, 404);
  assert.equal((await t.app.request("/images/unknown.jpg")).status, 404);
});

Deno.test("image URLs use X-Forwarded-Proto/Host when well-formed", async () => {
  const t = testApp();
  const url = async (headers: Record<string, string>) =>
    (await (await t.post(GENERATE, { prompt: "p" }, headers)).json()).data[0].url as string;
  assert.match(
    await url({ "x-forwarded-proto": "https", "x-forwarded-host": "img.example.com, proxy" }),
    /^https:\/\/img\.example\.com\/images\//,
  );
  assert.match(await url({ "x-forwarded-host": "[::1]:8443" }), /^http:\/\/\[::1\]:8443\/images\//);
  assert.match(
    await url({ "x-forwarded-proto": "javascript", "x-forwarded-host": "evil/path?x" }),
    /^http:\/\/localhost\/images\//,
  );
});

Deno.test("full-size images, b64_json, revised_prompt and gpt-image-1 usage", async () => {
  const t = testApp({ generateActualImages: true });
  const d3 = await (await t.post(GENERATE, {
    prompt: "A lighthouse in a storm",
    model: "dall-e-3",
    size: "1792x1024",
    response_format: "b64_json",
  })).json();
  const png = decodeBase64(d3.data[0].b64_json)!;
  assert.deepEqual(imageSizeFromBytes(png), { width: 1792, height: 1024 });
  readPng(png); // every CRC checks out
  assert.match(d3.data[0].revised_prompt, /lighthouse in a storm/);

  const prompt = "A watercolour fox, transparent background";
  const gpt = await (await t.post(GENERATE, {
    prompt,
    model: "gpt-image-1",
    size: "1024x1536",
    quality: "low",
    background: "transparent",
    n: 2,
  })).json();
  assert.deepEqual(Object.keys(gpt).sort(), [
    "background",
    "created",
    "data",
    "output_format",
    "quality",
    "size",
    "usage",
  ]);
  assert.equal(gpt.background, "transparent");
  assert.equal(gpt.output_format, "png");
  assert.equal(gpt.quality, "low");
  assert.equal(gpt.size, "1024x1536");
  const inputTokens = encode(prompt).length;
  assert.deepEqual(gpt.usage, {
    input_tokens: inputTokens,
    input_tokens_details: { text_tokens: inputTokens, image_tokens: 0 },
    output_tokens: 2 * 408,
    total_tokens: inputTokens + 2 * 408,
  });
  const first = readPng(decodeBase64(gpt.data[0].b64_json)!);
  assert.deepEqual([first.width, first.height, first.colourType], [1024, 1536, 6]);
  assert.notEqual(gpt.data[0].b64_json, gpt.data[1].b64_json);

  const auto = await (await t.post(GENERATE, { prompt: "x", model: "gpt-image-1" })).json();
  assert.equal(auto.quality, "high");
  assert.equal(auto.size, "1024x1024");
  assert.equal(auto.usage.output_tokens, 4160);
});

Deno.test("the reply waits FAKEAI_RESPONSE_DELAY on the engine clock", async () => {
  const t = testApp({ responseDelay: 0.5, randomDelay: false });
  let settled = false;
  const pending = t.post(GENERATE, { prompt: "slow" }).then((r) => {
    settled = true;
    return r;
  });
  await untilTimer(t);
  t.clock.advance(499);
  await tick();
  assert.equal(settled, false);
  t.clock.advance(1);
  assert.equal((await pending).status, 200);
  assert.equal(t.lifecycle.inFlight, 0);
});

Deno.test("access log names the model; strict models and bad JSON answer like OpenAI", async () => {
  const t = testApp({ strictModels: true });
  const ok = await t.post(GENERATE, { prompt: "p", model: "dall-e-3" });
  assert.equal(ok.status, 200);
  await ok.body?.cancel();
  const line = t.logger.stdout.map((l) => JSON.parse(l)).find((l) => l.path === GENERATE);
  assert.equal(line.model, "dall-e-3");
  const missing = await t.post(GENERATE, { prompt: "p", model: "no-such-image-model" });
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).error.code, "model_not_found");
  const broken = await t.post(GENERATE, "{not json");
  assert.equal(broken.status, 400);
  await broken.body?.cancel();
  const tooBig = await testApp({ maxRequestSize: 100 }).post(GENERATE, { prompt: "x".repeat(200) });
  assert.equal(tooBig.status, 413);
  await tooBig.body?.cancel();
});
