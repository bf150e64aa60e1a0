/**
 * Worker for shared_memory_store_test.ts: on an order, says it is ready, runs its hammer() party
 * and posts the requests left after each of its admissions.
 */
import { hammer, type HammerOrder } from "./shared_store_hammer.ts";

export type WorkerReport = { ready: true } | { left: number[] };

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<HammerOrder>) => void) | null;
  postMessage(report: WorkerReport): void;
};

scope.onmessage = (event) => {
  scope.postMessage({ ready: true });
  scope.postMessage({ left: hammer(event.data) });
};
