/** Anthropic's image and document blocks in the prompt count: exact numbers for each rule. */
import assert from "node:assert/strict";
import {
  anthropicDocumentTokens,
  anthropicImageSizeTokens,
  anthropicImageTokens,
} from "../../src/engine/anthropic_media_tokens.ts";
import { countChatPromptTokens, promptTextsOf } from "../../src/engine/prompt_tokens.ts";
import { tokenizerFor } from "../../src/engine/tokenizer.ts";

const tok = tokenizerFor("claude-sonnet-4-5");
const b64 = (b: Uint8Array) => {
  let s = "";
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return btoa(s);
};

/** The base64 of a PNG's first 33 bytes (all its size needs). */
function png(width: number, height: number): string {
  const b = new Uint8Array(33);
  const view = new DataView(b.buffer);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return b64(b);
}
const base64Image = (data: string) => ({ type: "base64", media_type: "image/png", data });

Deno.test("images: ⌈w × h / 750⌉ after scaling to a 1568 px long edge and 1,600 tokens' area", () => {
  assert.equal(anthropicImageSizeTokens({ width: 200, height: 200 }), 54);
  assert.equal(anthropicImageSizeTokens({ width: 1000, height: 1000 }), 1334);
  assert.equal(anthropicImageSizeTokens({ width: 1092, height: 1092 }), 1590, "the largest 1:1");
  assert.equal(anthropicImageSizeTokens({ width: 3000, height: 2000 }), 1599, "1341 × 894");
  assert.equal(anthropicImageSizeTokens({ width: 4000, height: 500 }), 410, "1568 × 196");
  assert.equal(anthropicImageTokens(base64Image(png(1000, 1000))), 1334, "read from the header");
  assert.equal(anthropicImageTokens(base64Image(btoa("not an image"))), 1399, "1024 × 1024");
  assert.equal(anthropicImageTokens({ type: "url", url: "https://example.com/a.png" }), 1399);
  assert.equal(anthropicImageTokens({ type: "file", file_id: "file_1" }), 1399);
});

Deno.test("documents: text as text, content sources, PDFs by size, references flat; title and context", () => {
  const text = "Quarterly report: revenue grew 12% on the year.";
  const doc = (source: unknown, extra: Record<string, unknown> = {}) =>
    anthropicDocumentTokens(tok, { type: "document", source, ...extra });
  assert.equal(doc({ type: "text", media_type: "text/plain", data: text }), tok.count(text));
  assert.equal(
    doc({ type: "text", media_type: "text/plain", data: text }, {
      title: "Q3",
      context: "Finance",
    }),
    tok.count(text) + tok.count("Q3") + tok.count("Finance"),
  );
  assert.equal(doc({ type: "content", content: text }), tok.count(text));
  assert.equal(
    doc({
      type: "content",
      content: [{ type: "text", text }, { type: "image", source: base64Image(png(200, 200)) }],
    }),
    tok.count(text) + 54,
  );
  const pdf = b64(new Uint8Array(4001));
  assert.equal(doc({ type: "base64", media_type: "application/pdf", data: pdf }), 1001);
  assert.equal(doc({ type: "url", url: "https://example.com/a.pdf" }), 256);
  assert.equal(doc({ type: "file", file_id: "file_1" }), 256);
});

Deno.test("image and document parts count in the chat prompt; document text is prepared ahead", () => {
  const text = "A long memo about caches. ".repeat(20);
  const parts = [
    { type: "text", text: "Compare these." },
    { type: "image", source: base64Image(png(1000, 1000)) },
    { type: "document", source: { type: "text", media_type: "text/plain", data: text } },
  ];
  const messages = [{ role: "user", content: parts }];
  const textOnly = countChatPromptTokens(tok, [{ role: "user", content: [parts[0]] }]);
  assert.equal(countChatPromptTokens(tok, messages), textOnly + 1334 + tok.count(text));
  assert.ok(promptTextsOf(messages).includes(text));
});
