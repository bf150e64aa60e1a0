/** IdGenerator: ids repeat for a seed (values pinned), keep their alphabet and length. */
import assert from "node:assert/strict";
import { IdGenerator } from "../../src/util/ids.ts";

Deno.test("ids for seed 7 are pinned: prefix, then the seeded alphabet characters", () => {
  const ids = new IdGenerator(7);
  assert.deepEqual(
    [
      ids.next("req_", 24),
      ids.next("chatcmpl-", 29),
      ids.next("call_"),
      ids.next("x", 0),
      ids.next("file-", 22),
      ids.next("resp_", 40),
    ],
    [
      "req_pdqyl43mt5NYWUFs9lCMj9Bw",
      "chatcmpl-5VJeK8f3tDjyr4e3JPpp2bKUoEvGt",
      "call_lDhWJQm4S6UXyfE1VOVe0oLW",
      "x",
      "file-e8y9dKnZNcSXAZnad33TTt",
      "resp_Lrfy4l2oz1hC2IZ2B4ivDnnzwb04INPX4IOiHHYs",
    ],
  );
});

Deno.test("a long id after short ones has its full length of alphanumerics", () => {
  const ids = new IdGenerator(1);
  ids.next("a_", 3);
  const long = ids.next("b_", 64);
  assert.match(long, /^b_[A-Za-z0-9]{64}$/);
  assert.match(ids.next("c_", 5), /^c_[A-Za-z0-9]{5}$/);
});
