/** BanReplica: a worker's copy of the owner's bans, and its reports of violations. */
import assert from "node:assert/strict";
import { BanReplica } from "../../../src/traffic/security/ban_replica.ts";
import { ManualClock } from "../../../src/util/clock.ts";

Deno.test("ban replica: refuses announced bans until they end, reports violations and waits", async () => {
  const clock = new ManualClock();
  const reported: string[] = [];
  const events: string[] = [];
  let answer = () => {};
  const replica = new BanReplica({
    clock,
    report: (client) => {
      reported.push(client);
      return new Promise<void>((resolve) => (answer = resolve));
    },
    onEvent: (event) => events.push(event),
  });
  assert.equal(replica.check("10.0.0.1"), 0);
  let settled = false;
  const decision = replica.recordViolation("10.0.0.1").then((d) => {
    settled = true;
    return d;
  });
  await Promise.resolve();
  assert.deepEqual(reported, ["10.0.0.1"]);
  assert.equal(settled, false, "waits for the owner's decision");
  replica.ban("10.0.0.1", clock.now() + 5_000);
  answer();
  assert.equal(await decision, null, "the owner logs the ban, not the replica");
  assert.equal(replica.check("10.0.0.1"), 5_000);
  clock.advance(4_000);
  assert.equal(replica.check("10.0.0.1"), 1_000);
  assert.deepEqual(events, ["blocked", "blocked"]);
  clock.advance(1_000);
  assert.equal(replica.check("10.0.0.1"), 0, "the ban has ended");
  assert.equal(replica.size, 0);
});

Deno.test("ban replica: an owner that cannot answer does not fail the request", async () => {
  const replica = new BanReplica({
    clock: new ManualClock(),
    report: () => Promise.reject(new Error("the other isolate has stopped")),
  });
  assert.equal(await replica.recordViolation("10.0.0.2"), null);
});
