import assert from "node:assert/strict";
import { toBatchObject } from "../../src/batches/batch_object.ts";
import { chatLine, gatedDispatch, setup } from "../support/batch_support.ts";
import { tick } from "../support/wait.ts";

const SIX = ["a", "bb", "ccc", "dddd", "eeeee", "ffffff"].map((id) => chatLine(id));

Deno.test("a batch steps validating → in_progress → finalizing → completed on the clock", async () => {
  const { service, calls, create, step, fileLines, store } = setup();
  const batch = await create(SIX);
  assert.equal(batch.status, "validating");
  assert.equal(batch.created_at, 1_700_000_000);
  assert.equal(batch.expires_at, 1_700_000_000 + 86, "24 h / 1000");

  await step(1);
  assert.equal(batch.status, "validating");
  await step(1); // validating takes 2000 ms / 1000
  assert.equal(batch.status, "in_progress");
  assert.equal(batch.model, "gpt-4o");
  assert.deepEqual(batch.request_counts, { total: 6, completed: 0, failed: 0 });
  assert.equal(calls.length, 0, "lines start on the next timer");

  await step(0);
  assert.equal(calls.length, 4, "four lines at a time");
  assert.deepEqual(batch.request_counts, { total: 6, completed: 4, failed: 0 });
  await step(0);
  assert.equal(calls.length, 6);
  assert.equal(batch.status, "finalizing");
  assert.equal(batch.finalizing_at, 1_700_000_000);
  assert.equal(batch.output_file_id, null);

  await step(2);
  assert.equal(batch.status, "completed");
  assert.equal(batch.completed_at, 1_700_000_000);
  assert.equal(batch.error_file_id, null);
  const out = await fileLines(batch.output_file_id);
  assert.deepEqual(out.map((l) => l.custom_id), ["a", "bb", "ccc", "dddd", "eeeee", "ffffff"]);
  for (const line of out) {
    assert.match(line.id, /^batch_req_/);
    assert.equal(line.error, null);
    assert.equal(line.response.status_code, 200);
    assert.equal(line.response.request_id, `req_${line.custom_id}`);
    assert.equal(line.response.body.object, "chat.completion");
  }
  assert.deepEqual(batch.usage, {
    input_tokens: 60,
    input_tokens_details: { cached_tokens: 12 },
    output_tokens: 21,
    output_tokens_details: { reasoning_tokens: 6 },
    total_tokens: 81,
  });
  const output = store.get(batch.output_file_id!)!;
  assert.equal(output.purpose, "batch_output");
  assert.equal(output.filename, `${batch.id}_output.jsonl`);
  assert.deepEqual(service.list().map((b) => b.id), [batch.id]);
});

Deno.test("never more than four lines run at once", async () => {
  const gate = gatedDispatch();
  const { calls, create, clock } = setup(gate.dispatch);
  const batch = await create(SIX);
  clock.advance(2);
  await tick();
  clock.advance(0);
  assert.equal(calls.length, 4);
  clock.advance(0);
  assert.equal(calls.length, 4, "no free slot, no new line");
  gate.waiting[0].release();
  await tick();
  clock.advance(0);
  assert.equal(calls.length, 5);
  assert.equal(batch.request_counts.completed, 1);
});

Deno.test("line requests: POST to the endpoint, batch headers, the creator's authorization", async () => {
  const { calls, create, step } = setup();
  await create([chatLine("a", { max_tokens: 5 })], { authorization: "Bearer sk-1" });
  await step(2);
  await step(0);
  const request = calls[0];
  assert.equal(request.method, "POST");
  assert.equal(request.url, "http://internal/v1/chat/completions");
  assert.equal(request.headers.get("content-type"), "application/json");
  assert.equal(request.headers.get("x-fakeai-batch"), "1");
  assert.equal(request.headers.get("x-fakeai-ttft-ms"), "0");
  assert.equal(request.headers.get("x-fakeai-itl-ms"), "0");
  assert.equal(request.headers.get("authorization"), "Bearer sk-1");
});

Deno.test("failed responses go to the error file and count as failed", async () => {
  const { create, step, fileLines } = setup();
  const batch = await create([chatLine("a"), chatLine("bad1"), chatLine("c")]);
  await step(2);
  await step(0);
  await step(2);
  assert.equal(batch.status, "completed");
  assert.deepEqual(batch.request_counts, { total: 3, completed: 2, failed: 1 });
  assert.deepEqual((await fileLines(batch.output_file_id)).map((l) => l.custom_id), ["a", "c"]);
  const [failed] = await fileLines(batch.error_file_id);
  assert.equal(failed.custom_id, "bad1");
  assert.equal(failed.error, null);
  assert.equal(failed.response.status_code, 400);
  assert.equal(failed.response.body.error.type, "invalid_request_error");
  assert.equal(batch.usage.input_tokens, 20, "usage of the successful lines only");
});

Deno.test("cancel mid-way: lines not yet run never run and are reported as cancelled", async () => {
  const { service, calls, create, step, fileLines, clock } = setup();
  const batch = await create(SIX);
  await step(2);
  await step(0);
  assert.equal(calls.length, 4);
  const cancelled = service.cancel(batch.id);
  assert.equal(cancelled, batch);
  assert.equal(batch.status, "cancelling");
  assert.equal(batch.cancelling_at, 1_700_000_000);
  assert.equal(service.cancel(batch.id), batch, "cancelling again answers the same batch");
  await step(0);
  assert.equal(calls.length, 4);
  assert.equal(batch.status, "cancelling");
  await step(2);
  assert.equal(batch.status, "cancelled");
  assert.equal(batch.cancelled_at, 1_700_000_000);
  assert.equal(calls.length, 4);
  assert.deepEqual(batch.request_counts, { total: 6, completed: 4, failed: 0 });
  assert.equal((await fileLines(batch.output_file_id)).length, 4);
  const notRun = await fileLines(batch.error_file_id);
  assert.deepEqual(notRun.map((l) => l.custom_id), ["eeeee", "ffffff"]);
  assert.equal(notRun[0].response, null);
  assert.equal(notRun[0].error.code, "batch_cancelled");
  assert.equal(clock.pendingTimers, 0);
  assert.equal(service.cancel(batch.id), batch, "a cancelled batch can be cancelled again");
});

Deno.test("cancel while lines run: they finish and count; then cancelled", async () => {
  const gate = gatedDispatch();
  const { service, create, clock, fileLines } = setup(gate.dispatch);
  const batch = await create(SIX);
  clock.advance(2);
  await tick();
  clock.advance(0);
  service.cancel(batch.id);
  clock.advance(10);
  assert.equal(batch.status, "cancelling", "waits for the running lines");
  for (const w of gate.waiting) w.release();
  await service.settled();
  clock.advance(2);
  await service.settled();
  assert.equal(batch.status, "cancelled");
  assert.equal((await fileLines(batch.output_file_id)).length, 4);
  assert.equal((await fileLines(batch.error_file_id)).length, 2);
});

Deno.test("cancel while validating: cancelled, nothing run, no files", async () => {
  const { service, calls, create, step } = setup();
  const batch = await create(SIX);
  service.cancel(batch.id);
  await step(2);
  assert.equal(batch.status, "cancelled");
  assert.equal(calls.length, 0);
  assert.deepEqual([batch.output_file_id, batch.error_file_id], [null, null]);
});

Deno.test("a terminal batch cannot be cancelled; an unknown id is undefined", async () => {
  const { service, create, step } = setup();
  const batch = await create([chatLine("a")]);
  await step(2);
  await step(0);
  await step(2);
  assert.equal(batch.status, "completed");
  assert.equal(service.cancel(batch.id), "terminal");
  assert.equal(service.cancel("batch_nope"), undefined);
  assert.equal(service.get("batch_nope"), undefined);
});

Deno.test("failed validation: status failed with every bad line, nothing run", async () => {
  const { calls, create, step, clock } = setup();
  const batch = await create([
    chatLine("a"),
    "{oops",
    chatLine("a"),
    chatLine("s", { stream: true }),
  ]);
  await step(2);
  assert.equal(batch.status, "failed");
  assert.equal(batch.failed_at, 1_700_000_000);
  assert.equal(calls.length, 0);
  assert.deepEqual(toBatchObject(batch).errors, {
    object: "list",
    data: [
      {
        code: "invalid_json_line",
        line: 2,
        message: "This line is not parseable as valid JSON.",
        param: null,
      },
      {
        code: "duplicate_custom_id",
        line: 3,
        message: "The custom_id for this request is a duplicate of another request. The " +
          "custom_id parameter must be unique for each request in a batch.",
        param: "custom_id",
      },
      {
        code: "streaming_unsupported",
        line: 4,
        message: "Chat Completions: Streaming is not supported in the Batch API.",
        param: "body.stream",
      },
    ],
  });
  assert.equal(clock.pendingTimers, 0, "the expiry timer is gone too");
});

Deno.test("an input file deleted before validation fails the batch", async () => {
  const { store, create, step } = setup();
  const batch = await create([chatLine("a")]);
  await store.delete(batch.input_file_id);
  await step(2);
  assert.equal(batch.status, "failed");
  assert.equal(batch.errors![0].param, "input_file_id");
});

Deno.test("expiry: unfinished lines are written as batch_expired once running lines end", async () => {
  const gate = gatedDispatch();
  const { calls, create, clock, service, fileLines } = setup(gate.dispatch);
  const batch = await create(SIX);
  clock.advance(2);
  await tick();
  clock.advance(0);
  clock.advance(86_400 - 2); // the 24 h window at speed-up 1000
  assert.equal(batch.status, "in_progress", "running lines still finish");
  for (const w of gate.waiting) w.release();
  await service.settled();
  assert.equal(batch.status, "expired");
  assert.equal(batch.expired_at, 1_700_000_086);
  assert.equal(calls.length, 4);
  assert.equal((await fileLines(batch.output_file_id)).length, 4);
  const expired = await fileLines(batch.error_file_id);
  assert.deepEqual(expired.map((l) => [l.custom_id, l.error.code]), [
    ["eeeee", "batch_expired"],
    ["ffffff", "batch_expired"],
  ]);
  assert.equal(clock.pendingTimers, 0);
});

Deno.test("results that do not fit in the file storage fail the batch", async () => {
  const lines = [chatLine("a"), chatLine("b")];
  const inputBytes = lines.join("\n").length + 1;
  const { create, step, store } = setup(undefined, { maxTotalBytes: inputBytes + 100 });
  const batch = await create(lines);
  await step(2);
  await step(0);
  await step(2);
  assert.equal(batch.status, "failed");
  assert.equal(batch.errors![0].code, "storage_limit_exceeded");
  assert.equal(store.list().length, 1, "no partial output left behind");
});

Deno.test("shutdown: every timer is cleared and nothing new is scheduled", async () => {
  const shutdown = new AbortController();
  const { create, clock, calls } = setup(undefined, { signal: shutdown.signal });
  await create(SIX);
  assert.equal(clock.pendingTimers, 2);
  shutdown.abort();
  assert.equal(clock.pendingTimers, 0);
  const later = await create(SIX);
  assert.equal(clock.pendingTimers, 0);
  assert.equal(later.status, "validating");
  assert.equal(calls.length, 0);
});
