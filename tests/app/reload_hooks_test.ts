/** ReloadHooks: every action runs in order, a failing one does not stop the rest, no overlap. */
import assert from "node:assert/strict";
import { memoryLogger } from "../../src/util/logger.ts";
import { ReloadHooks } from "../../src/app/reload_hooks.ts";

Deno.test("reload hooks: all actions run in order; a failure is logged and the rest still run", async () => {
  const logger = memoryLogger();
  const hooks = new ReloadHooks(logger);
  const ran: string[] = [];
  hooks.add("first", () => void ran.push("first"));
  hooks.add("broken", () => {
    throw new Error("disk on fire");
  });
  hooks.add("async", async () => {
    await Promise.resolve();
    ran.push("async");
  });
  await hooks.run("SIGHUP");
  assert.deepEqual(ran, ["first", "async"]);
  assert.match(
    logger.stderr[0],
    /"msg":"reloading","signal":"SIGHUP","actions":\["first","broken","async"\]/,
  );
  assert.match(logger.stderr[1], /"msg":"reload action failed","action":"broken".*disk on fire/);
});

Deno.test("reload hooks: a reload asked for during another runs after it, never alongside", async () => {
  const hooks = new ReloadHooks(memoryLogger());
  const events: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => release = resolve);
  let calls = 0;
  hooks.add("slow", async () => {
    const n = ++calls;
    events.push(`start ${n}`);
    if (n === 1) await gate;
    events.push(`end ${n}`);
  });
  const first = hooks.run("SIGHUP");
  const second = hooks.run("SIGHUP");
  await Promise.resolve();
  assert.deepEqual(events, ["start 1"]);
  release();
  await Promise.all([first, second]);
  assert.deepEqual(events, ["start 1", "end 1", "start 2", "end 2"]);
});
