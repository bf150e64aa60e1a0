/** generatePngs paints and compresses in bands: same bytes as in one go, and it stops on abort. */
import assert from "node:assert/strict";
import { generatePngs, imageSeed } from "../../../src/modalities/images/image_generator.ts";
import { renderPattern } from "../../../src/modalities/images/image_pattern.ts";
import { inflateIdat, readPng } from "../../support/png_reader.ts";

const spec = {
  prompt: "a lighthouse",
  n: 2,
  dimensions: { width: 300, height: 200 },
  transparent: false,
};

Deno.test("images painted in bands hold the pixels of the whole-image painter", async () => {
  const pngs = await generatePngs(spec, 7, true);
  assert.equal(pngs.length, 2);
  for (const [i, png] of pngs.entries()) {
    const whole = renderPattern({ width: 300, height: 200, seed: imageSeed(7, spec.prompt, i) });
    assert.deepEqual(await inflateIdat(readPng(png)), whole.data);
  }
});

Deno.test("image generation stops once the client has gone", async () => {
  const controller = new AbortController();
  controller.abort(new DOMException("client left", "AbortError"));
  await assert.rejects(
    () => generatePngs({ ...spec, n: 10 }, 7, true, controller.signal),
    (err: unknown) => err instanceof DOMException && err.message === "client left",
  );
});
