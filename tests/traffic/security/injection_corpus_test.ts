/**
 * The shipped corpus: benign prompts (code, shell, SQL questions, math, multilingual, markdown)
 * must never be flagged; the malicious ones (prompt injection and attack payloads) should be.
 * Prints the rates for the release notes.
 */
import assert from "node:assert/strict";
import { detectInjection } from "../../../src/traffic/security/injection_detector.ts";

const dir = new URL("../../fixtures/security/", import.meta.url);
const benign: string[] = JSON.parse(await Deno.readTextFile(new URL("benign.json", dir)));
const malicious: Array<{ category: string; text: string }> = JSON.parse(
  await Deno.readTextFile(new URL("malicious.json", dir)),
);

Deno.test("corpus: 0 % false positives on the benign set", () => {
  assert.ok(benign.length >= 150);
  const flagged = benign.filter((text) => detectInjection(text) !== null);
  console.log(
    `injection corpus: false positives ${flagged.length}/${benign.length} = ` +
      `${(100 * flagged.length / benign.length).toFixed(1)} %`,
  );
  assert.deepEqual(flagged, []);
});

Deno.test("corpus: detection rate on the malicious set is at least 90 %", () => {
  assert.ok(malicious.length >= 100);
  const byCategory = new Map<string, { hit: number; total: number }>();
  const missed: string[] = [];
  for (const { category, text } of malicious) {
    const row = byCategory.get(category) ?? { hit: 0, total: 0 };
    row.total++;
    if (detectInjection(text)) row.hit++;
    else missed.push(text);
    byCategory.set(category, row);
  }
  const hits = malicious.length - missed.length;
  const rate = hits / malicious.length;
  console.log(
    `injection corpus: detected ${hits}/${malicious.length} = ${(100 * rate).toFixed(1)} %`,
  );
  for (const [category, { hit, total }] of byCategory) {
    console.log(`  ${category}: ${hit}/${total}`);
  }
  for (const text of missed) console.log(`  missed: ${JSON.stringify(text)}`);
  assert.ok(rate >= 0.9, `detection rate ${rate}`);
});
