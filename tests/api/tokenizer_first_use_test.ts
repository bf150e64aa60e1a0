/**
 * The first request of an encoding family waits while its tables are built in slices, also on the
 * routes that count tokens without planning text (chat and completions wait in the engine's
 * preparation): timers keep firing instead of the tables being built in one block. Each case runs
 * in a fresh process, where nothing is built yet. (Speech and images wait on their own simulated
 * delay anyway, so timer turns cannot tell a build in slices apart there.)
 */
import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url).pathname;

/** In a fresh process: the route's first request, and how many timer turns ran until it ended. */
const SCRIPT = `
import { testApp } from "${ROOT}tests/support/in_process.ts";
import { tokenizerFor } from "${ROOT}src/engine/tokenizer.ts";
const [path, body, model] = JSON.parse(Deno.args[0]);
const before = tokenizerFor(model).loaded;
const { post, clock } = testApp();
let turns = 0;
// Each timer turn also moves the app's manual clock on, past any simulated latency.
const timer = setInterval(() => {
  turns++;
  clock.advance(60_000);
}, 0);
const res = await post(path, body);
clearInterval(timer);
console.log(JSON.stringify({ before, status: res.status, after: tokenizerFor(model).loaded, turns }));
`;

const ROUTES: [string, Record<string, unknown>, string][] = [
  [
    "/v1/embeddings",
    { model: "text-embedding-3-small", input: "hello world" },
    "text-embedding-3-small",
  ],
  ["/v1/ranking", {
    model: "nvidia/nv-rerankqa-mistral-4b-v3",
    query: { text: "q" },
    passages: [{ text: "p" }],
  }, "nvidia/nv-rerankqa-mistral-4b-v3"],
];

for (const [path, body, model] of ROUTES) {
  Deno.test(`${path}: the first request of a family waits for its encoding in slices`, async () => {
    const file = await Deno.makeTempFile({ suffix: ".ts" });
    try {
      await Deno.writeTextFile(file, SCRIPT);
      const out = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          "--config",
          `${ROOT}deno.json`,
          file,
          JSON.stringify([path, body, model]),
        ],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(out.stdout).trim();
      assert.ok(out.success, new TextDecoder().decode(out.stderr));
      const result = JSON.parse(text.split("\n").at(-1)!);
      assert.equal(result.before, false, "nothing was built before the request");
      assert.equal(result.status, 200);
      assert.equal(result.after, true);
      // Built in one block, the tables let no timer run meanwhile; built in slices, they yield to
      // timers between slices (a request without a build needs at most one turn here). How many
      // slices a build takes depends on the machine's speed: two turns already rule out one block.
      assert.ok(result.turns >= 2, `${result.turns} timer turns while the tables were built`);
    } finally {
      await Deno.remove(file);
    }
  });
}
