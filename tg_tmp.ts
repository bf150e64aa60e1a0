import { tokenizerForEncoding } from "./src/engine/tokenizer.ts";
import { textGeneratorFor } from "./src/engine/text_generator.ts";
import { createPrng } from "./src/util/prng.ts";
for (const enc of ["o200k_base", "cl100k_base"] as const) {
  const tok = tokenizerForEncoding(enc);
  const g = textGeneratorFor(tok);
  let t0 = performance.now();
  g.prose(createPrng(0), 5);
  console.log("init ms", performance.now() - t0);
  console.log(g.prose(createPrng(1), 120, ["Kubernetes", "GPU", "the", "explain", "autoscaler"]).join(""));
  t0 = performance.now();
  let bad = 0;
  for (let s = 0; s < 1000; s++) { const p = g.prose(createPrng(s), 1000); }
  console.log("1000x1000 tokens ms", performance.now() - t0);
  for (let s = 0; s < 50; s++) { const p = g.prose(createPrng(s), 2000); if (tok.encode(p.join("")).length !== 2000) bad++; }
  console.log("bad", bad);
}
