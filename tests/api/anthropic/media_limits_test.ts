/** Image limits of the Messages API: 5 MB, 8000 px, 2000 px beyond 20 images; nested images too. */
import assert from "node:assert/strict";
import { checkImages } from "../../../src/api/anthropic/media_limits.ts";
import { countTokensRequestSchema } from "../../../src/api/anthropic/messages_schema.ts";

function png(width: number, height: number): string {
  const b = new Uint8Array(33);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(b.buffer).setUint32(16, width);
  new DataView(b.buffer).setUint32(20, height);
  return btoa(String.fromCharCode(...b));
}
const image = (data: string) => ({
  type: "image",
  source: { type: "base64", media_type: "image/png", data },
});
const check = (content: unknown[]) =>
  checkImages(countTokensRequestSchema.parse({
    model: "claude-sonnet-4-5",
    messages: [{ role: "user", content }],
  }));
const message = (fn: () => void) => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return "accepted";
};

Deno.test("image limits: 5 MB read from the base64 length, exactly at the boundary", () => {
  // 5,242,881 bytes are 1,747,627 groups of 4 characters; 5,242,880 leave 3 characters over.
  assert.equal(
    message(() => check([image("A".repeat(1_747_627 * 4))])),
    "messages.0.content.0.image.source.base64: image exceeds 5 MB maximum: 5242881 bytes > 5242880 bytes",
  );
  assert.equal(message(() => check([image("A".repeat(1_747_626 * 4 + 3))])), "accepted");
});

Deno.test("image limits: 8000 px a side, 2000 px when there are more than 20 images", () => {
  assert.equal(message(() => check([image(png(8000, 10))])), "accepted");
  assert.equal(
    message(() => check([{ type: "text", text: "x" }, image(png(10, 8001))])),
    "messages.0.content.1.image.source.base64.data: At least one of the image dimensions exceed " +
      "max allowed size: 8000 pixels",
  );
  const twenty = Array.from({ length: 20 }, () => image(png(2500, 100)));
  assert.equal(message(() => check(twenty)), "accepted");
  assert.equal(
    message(() => check([...twenty, image(png(100, 100))])),
    "messages.0.content.0.image.source.base64.data: At least one of the image dimensions exceed " +
      "max allowed size for many-image requests: 2000 pixels",
  );
  const nested = [{ type: "tool_result", tool_use_id: "t", content: [image(png(9000, 10))] }];
  assert.match(message(() => check(nested)), /^messages\.0\.content\.0\.content\.0\.image/);
  assert.equal(message(() => check([image(btoa("unreadable"))])), "accepted", "no size: no limit");
});
