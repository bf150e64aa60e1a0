/** WorkerPool with real Deno Workers (a stand-in module): start, collect, crash and replace, drain. */
import assert from "node:assert/strict";
import type { IsolateLink } from "../../src/app/isolate_link.ts";
import { WorkerPool } from "../../src/app/worker_pool.ts";
import { memoryLogger } from "../../src/util/logger.ts";
import { waitFor } from "../support/wait.ts";
import type { Config } from "../../src/config/schema.ts";

function pool() {
  const logger = memoryLogger("info");
  const links = new Map<number, IsolateLink>();
  const gone: Array<{ index: number; final: unknown }> = [];
  const workers = new WorkerPool({
    count: 2,
    logger,
    entry: new URL("./pool_test_worker.ts", import.meta.url),
    setup: (index) => ({
      config: {} as Config,
      index,
      port: 0,
      tls: null,
      timeOrigin: performance.timeOrigin,
      rateBuffer: null,
      kv: { control: new SharedArrayBuffer(8), workers: [], prompt: null },
      counts: new SharedArrayBuffer(4),
    }),
    serve: (link, index) => {
      links.set(index, link);
      return { handlers: {}, gone: (final) => gone.push({ index, final }) };
    },
  });
  return { workers, logger, links, gone };
}

Deno.test("worker pool: starts every worker and collects an answer from each", async () => {
  const { workers } = pool();
  await workers.start();
  assert.equal(workers.size, 2);
  const answers = await workers.collect<{ worker: number }>("snapshot");
  assert.deepEqual(answers.sort(), [[1, { worker: 1 }], [2, { worker: 2 }]]);
  await workers.drain("SIGTERM");
  assert.equal(workers.size, 0);
});

Deno.test("worker pool: a crashed worker is logged, cleaned up and replaced", async () => {
  const { workers, logger, links, gone } = pool();
  await workers.start();
  const crashed = links.get(1)!;
  crashed.note("crash");
  await waitFor("the crash is seen", () => gone.some((g) => g.index === 1), { intervalMs: 10 });
  assert.equal(gone.find((g) => g.index === 1)!.final, undefined, "no final snapshot");
  await waitFor("worker 1 is replaced", () => workers.size === 2 && links.get(1) !== crashed, {
    intervalMs: 10,
  });
  const lines = logger.stderr.join("\n");
  assert.match(lines, /"msg":"worker crashed","worker":1,"error":".*crashed on purpose/);
  assert.match(lines, /"msg":"replacing worker","worker":1/);
  await waitFor(
    "replacement answers",
    async () => (await workers.collect("snapshot")).length === 2,
    {
      intervalMs: 10,
    },
  );
  await workers.drain("SIGTERM");
  const finals = gone.filter((g) => g.final !== undefined).map((g) => g.index).sort();
  assert.deepEqual(finals, [1, 2], "both stopped with their final snapshot");
});
