/**
 * The shipped corpus: ordinary prompts (code, shell, SQL questions, math, multilingual, markdown)
 * and developers' questions about attacks (explaining, testing for, defending against, reviewing
 * code, CTF write-ups) must not be flagged; the malicious ones (prompt injection and attack
 * payloads) should be. Prints the rates for the release notes.
 */
import assert from "node:assert/strict";
import { detectInjection } from "../../../src/traffic/security/injection_detector.ts";

const dir = new URL("../../fixtures/security/", import.meta.url);
const read = async (name: string) => JSON.parse(await Deno.readTextFile(new URL(name, dir)));
const benign: string[] = await read("benign.json");
const aboutAttacks: Array<{ topic: string; text: string }> = await read("benign_security.json");
const malicious: Array<{ category: string; text: string }> = await read("malicious.json");

/** Flagged share of `texts` by group; prints the rate, each group's count and what was flagged. */
function falsePositives(name: string, texts: Array<{ group: string; text: string }>): number {
  const byGroup = new Map<string, { flagged: number; total: number }>();
  const flagged: string[] = [];
  for (const { group, text } of texts) {
    const row = byGroup.get(group) ?? { flagged: 0, total: 0 };
    row.total++;
    if (detectInjection(text)) {
      row.flagged++;
      flagged.push(text);
    }
    byGroup.set(group, row);
  }
  const rate = flagged.length / texts.length;
  console.log(
    `injection corpus, ${name}: false positives ${flagged.length}/${texts.length} = ` +
      `${(100 * rate).toFixed(1)} %`,
  );
  if (byGroup.size > 1) {
    for (const [group, row] of byGroup) console.log(`  ${group}: ${row.flagged}/${row.total}`);
  }
  for (const text of flagged) console.log(`  flagged: ${JSON.stringify(text)}`);
  return rate;
}

Deno.test("corpus: no false positives on ordinary prompts", () => {
  assert.ok(benign.length >= 150);
  const rate = falsePositives("ordinary prompts", benign.map((text) => ({ group: "", text })));
  assert.equal(rate, 0);
});

Deno.test("corpus: at most 1 % false positives on developers' questions about attacks", () => {
  assert.ok(aboutAttacks.length >= 300);
  const rate = falsePositives(
    "questions about attacks",
    aboutAttacks.map(({ topic, text }) => ({ group: topic, text })),
  );
  assert.ok(rate <= 0.01, `false-positive rate ${rate}`);
});

/**
 * The floor: 257/272 = 94.5 % are caught (the keyword-only detector before the structural rules
 * caught 89.0 %, and flagged 35 % of the questions about attacks). 93 % leaves four attacks of
 * slack: losing more to spare a benign prompt is a decision to take here, not a side effect.
 */
const DETECTION_FLOOR = 0.93;

Deno.test("corpus: detection rate on the malicious set is at least 93 %", () => {
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
  assert.ok(rate >= DETECTION_FLOOR, `detection rate ${rate}`);
});
