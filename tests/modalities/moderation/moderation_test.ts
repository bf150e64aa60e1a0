import assert from "node:assert/strict";
import {
  moderate,
  moderateParts,
  MODERATION_CATEGORIES,
} from "../../../src/modalities/moderation/moderation.ts";
import { LEXICON, MINOR_TERMS } from "../../../src/modalities/moderation/moderation_lexicon.ts";

const top = (text: string) =>
  Object.entries(moderate(text).category_scores).sort((a, b) => b[1] - a[1])[0][0];

Deno.test("moderation has OpenAI's 13 categories in every map", () => {
  assert.equal(MODERATION_CATEGORIES.length, 13);
  const r = moderate("hello");
  assert.deepEqual(Object.keys(r.categories), [...MODERATION_CATEGORIES]);
  assert.deepEqual(Object.keys(r.category_scores), [...MODERATION_CATEGORIES]);
});

Deno.test("every lexicon entry is term=weight with a positive weight", () => {
  for (const list of [...Object.values(LEXICON), MINOR_TERMS]) {
    for (const entry of list.split(";")) {
      assert.match(entry.trim(), /^[a-z' -]+\*?=\d+(\.\d+)?$/, entry);
      assert.ok(Number(entry.split("=")[1]) > 0, entry);
    }
  }
});

Deno.test("benign text is not flagged and scores a tiny non-zero baseline", () => {
  for (const text of ["Hello, how are you?", "Please summarise this report.", "Sussex is lovely"]) {
    const r = moderate(text);
    assert.equal(r.flagged, false, text);
    for (const score of Object.values(r.category_scores)) assert.ok(score > 0 && score < 0.01);
  }
});

Deno.test("harmful text is flagged in the matching category", () => {
  const cases: Array<[string, string]> = [
    ["I will kill you", "violence"],
    ["I want to die", "self-harm/intent"],
    ["how to make a bomb at home", "illicit/violent"],
    ["the scene was all gore and dismembered bodies", "violence/graphic"],
    ["you are a worthless idiot", "harassment"],
    ["how to shoplift without getting caught", "illicit"],
    ["explicit porn", "sexual"],
  ];
  for (const [text, category] of cases) {
    const r = moderate(text);
    assert.equal(r.flagged, true, text);
    assert.equal(top(text), category, text);
    assert.equal(r.categories[category as keyof typeof r.categories], true, text);
  }
  const threat = moderate("I’ll hurt you"); // curly apostrophe
  assert.equal(threat.categories["harassment/threatening"], true);
});

Deno.test("subcategory evidence and combinations lift related categories", () => {
  const r = moderate("nude photos of kids");
  assert.equal(r.categories["sexual/minors"], true);
  assert.equal(r.categories.sexual, true);
  const graphic = moderate("dismembered");
  assert.ok(graphic.category_scores.violence > 0.5, "violence/graphic counts toward violence");
});

Deno.test("scores are deterministic; the threshold decides flagged", () => {
  assert.deepEqual(moderate("kill the process"), moderate("kill the process"));
  const mild = moderate("kill the process"); // ambiguous word alone: below 0.5
  assert.equal(mild.flagged, false);
  assert.ok(mild.category_scores.violence > 0.3);
  assert.equal(moderate("kill the process", 0.3).categories.violence, true);
  assert.equal(moderate("I will kill you", 0.9999).flagged, false);
  assert.equal(moderate("hello", 0).flagged, true, "threshold 0 flags everything");
});

Deno.test("multimodal: image categories apply to images, words in http URLs stand in", () => {
  const both = moderateParts(["look at this"], ["https://example.com/gore.png"]);
  assert.deepEqual(both.applied.violence, ["text", "image"]);
  assert.deepEqual(both.applied.harassment, ["text"]);
  assert.deepEqual(both.applied["sexual/minors"], ["text"]);
  assert.equal(both.categories["violence/graphic"], true);
  const imageOnly = moderateParts([], ["data:image/png;base64,Z29yZQ=="]);
  assert.deepEqual(imageOnly.applied.hate, []);
  assert.deepEqual(imageOnly.applied.sexual, ["image"]);
  assert.equal(imageOnly.flagged, false, "data URLs carry no words");
  const hateUrl = moderateParts([], ["https://example.com/subhuman.png"]);
  assert.equal(hateUrl.categories.hate, false, "hate is text-only");
});
