/**
 * A stand-in worker isolate for worker_pool_test.ts: speaks the pool's protocol (start → ready,
 * drain → stopped with a snapshot, snapshot calls) and crashes on request.
 */
import { type Handlers, IsolateLink, type MessageEndpoint } from "../../src/app/isolate_link.ts";
import type { WorkerSetup } from "../../src/app/worker_pool.ts";

let index = 0;
const handlers: Handlers = {
  start: (setup: WorkerSetup) => {
    index = setup.index;
    link.note("ready");
  },
  snapshot: () => ({ worker: index }),
  crash: () =>
    setTimeout(() => {
      throw new Error(`worker ${index} crashed on purpose`);
    }),
  drain: () => link.note("stopped", { snapshot: { worker: index, final: true } }),
};
const link = new IsolateLink(self as unknown as MessageEndpoint, handlers);
