/** createLogger: what the access log writes, and whether it writes at all. */
import assert from "node:assert/strict";
import { createLogger } from "../../src/util/logger.ts";

Deno.test("logger.logsAccess says whether access() writes anything", () => {
  const lines: string[] = [];
  const sink = { stderr: (l: string) => lines.push(l), stdout: (l: string) => lines.push(l) };
  const off = createLogger("info", { accessLog: false, sink });
  assert.equal(off.logsAccess, false);
  off.access({ request_id: "req_1" });
  assert.deepEqual(lines, []);
  assert.equal(createLogger("info", { accessLog: true, sink }).logsAccess, true);
  assert.equal(
    createLogger("info", { accessLog: false, readableAccess: true, sink }).logsAccess,
    true,
  );
});
