/** /v1/batches in-process: create errors, lifecycle through the real routes, list, cancel. */
import assert from "node:assert/strict";
import { testApp } from "../../support/in_process.ts";
import { waitFor } from "../../support/wait.ts";

type App = ReturnType<typeof testApp>;
const CHAT = "/v1/chat/completions";

const chatLine = (id: string, model = "gpt-4o-mini") =>
  JSON.stringify({
    custom_id: id,
    method: "POST",
    url: CHAT,
    body: { model, messages: [{ role: "user", content: `Say ${id}` }], max_tokens: 12 },
  });

async function uploadBatchFile(t: App, lines: string[], purpose = "batch"): Promise<string> {
  const form = new FormData();
  form.append("file", new File([lines.join("\n") + "\n"], "input.jsonl"));
  form.append("purpose", purpose);
  const res = await t.app.request("/v1/files", { method: "POST", body: form });
  assert.equal(res.status, 200);
  return (await res.json()).id;
}

const createBatch = (t: App, body: Record<string, unknown>, headers = {}) =>
  t.post("/v1/batches", { endpoint: CHAT, completion_window: "24h", ...body }, headers);
const getJson = async (t: App, path: string) => await (await t.app.request(path)).json();

/** Steps the clock 1 ms at a time (letting in-process lines answer) until the status is reached. */
async function stepUntil(t: App, id: string, status: string) {
  return await waitFor(`batch ${id} to reach ${status}`, async () => {
    const batch = await getJson(t, `/v1/batches/${id}`);
    if (batch.status === status) return batch;
    t.clock.advance(1);
  }, { attempts: 100 });
}

async function assertError(res: Response, status: number, param: string | null) {
  assert.equal(res.status, status);
  const { error } = await res.json();
  assert.equal(error.type, "invalid_request_error");
  assert.equal(error.param, param);
  return error as { message: string; code: string | null };
}

Deno.test("a chat batch runs every line through the real chat route", async () => {
  const t = testApp();
  const fileId = await uploadBatchFile(t, ["one", "two", "three"].map((id) => chatLine(id)));
  const res = await createBatch(t, { input_file_id: fileId, metadata: { run: "nightly" } });
  assert.equal(res.status, 200);
  const created = await res.json();
  assert.match(created.id, /^batch_/);
  assert.equal(created.status, "validating");
  assert.deepEqual(created.metadata, { run: "nightly" });
  assert.equal("model" in created, false, "model is known once validated");

  const done = await stepUntil(t, created.id, "completed");
  assert.equal(done.model, "gpt-4o-mini");
  assert.deepEqual(done.request_counts, { total: 3, completed: 3, failed: 0 });
  for (const key of ["in_progress_at", "finalizing_at", "completed_at"]) {
    assert.equal(typeof done[key], "number", key);
  }
  const text = await (await t.app.request(`/v1/files/${done.output_file_id}/content`)).text();
  const lines = text.trim().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.custom_id), ["one", "two", "three"]);
  let prompt = 0;
  let completion = 0;
  for (const line of lines) {
    const body = line.response.body;
    assert.equal(line.response.status_code, 200);
    assert.match(line.response.request_id, /^req_/);
    assert.equal(body.object, "chat.completion");
    assert.equal(body.model, "gpt-4o-mini");
    assert.ok(body.usage.completion_tokens <= 12);
    prompt += body.usage.prompt_tokens;
    completion += body.usage.completion_tokens;
  }
  assert.equal(done.usage.input_tokens, prompt);
  assert.equal(done.usage.output_tokens, completion);
  assert.equal(done.usage.total_tokens, prompt + completion);
  const outputFile = await getJson(t, `/v1/files/${done.output_file_id}`);
  assert.equal(outputFile.purpose, "batch_output");
});

Deno.test("lines the route rejects land in the error file with the route's error", async () => {
  const t = testApp();
  const bad = JSON.stringify({
    custom_id: "bad",
    method: "POST",
    url: CHAT,
    body: { model: "gpt-4o-mini", messages: "not a list" },
  });
  const fileId = await uploadBatchFile(t, [chatLine("ok"), bad]);
  const created = await (await createBatch(t, { input_file_id: fileId })).json();
  const done = await stepUntil(t, created.id, "completed");
  assert.deepEqual(done.request_counts, { total: 2, completed: 1, failed: 1 });
  const text = await (await t.app.request(`/v1/files/${done.error_file_id}/content`)).text();
  const line = JSON.parse(text.trim());
  assert.equal(line.custom_id, "bad");
  assert.equal(line.response.status_code, 400);
  assert.equal(line.response.body.error.param, "messages");
});

Deno.test("an embeddings batch runs through the embeddings route", async () => {
  const t = testApp();
  const lines = ["alpha", "beta"].map((id) =>
    JSON.stringify({
      custom_id: id,
      method: "POST",
      url: "/v1/embeddings",
      body: { model: "text-embedding-3-small", input: `text ${id}` },
    })
  );
  const fileId = await uploadBatchFile(t, lines);
  const res = await createBatch(t, { input_file_id: fileId, endpoint: "/v1/embeddings" });
  const done = await stepUntil(t, (await res.json()).id, "completed");
  assert.deepEqual(done.request_counts, { total: 2, completed: 2, failed: 0 });
  const text = await (await t.app.request(`/v1/files/${done.output_file_id}/content`)).text();
  const first = JSON.parse(text.split("\n")[0]);
  assert.equal(first.response.body.object, "list");
  assert.ok(done.usage.input_tokens > 0);
});

Deno.test("create errors: OpenAI-shaped 400s and 404s, no batch made", async () => {
  const t = testApp();
  const fileId = await uploadBatchFile(t, [chatLine("a")]);
  const missing = await assertError(await t.post("/v1/batches", {}), 400, "input_file_id");
  assert.equal(missing.code, "missing_required_parameter");
  const endpoint = await assertError(
    await createBatch(t, { input_file_id: fileId, endpoint: "/v1/invalid" }),
    400,
    "endpoint",
  );
  assert.match(endpoint.message, /^Invalid value: '\/v1\/invalid'\. Supported values are: /);
  await assertError(
    await createBatch(t, { input_file_id: fileId, completion_window: "48h" }),
    400,
    "completion_window",
  );
  const tags = await assertError(
    await createBatch(t, { input_file_id: fileId, metadata: { tags: ["a"] } }),
    400,
    "metadata.tags",
  );
  assert.equal(
    tags.message,
    "Invalid type for 'metadata.tags': expected a string, but got an array instead.",
  );
  const many = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"]));
  await assertError(
    await createBatch(t, { input_file_id: fileId, metadata: many }),
    400,
    "metadata",
  );
  await assertError(
    await createBatch(t, {
      input_file_id: fileId,
      output_expires_after: { anchor: "created_at", seconds: 10 },
    }),
    400,
    "output_expires_after.seconds",
  );
  const unknown = await assertError(
    await createBatch(t, { input_file_id: "file-nope" }),
    404,
    "input_file_id",
  );
  assert.equal(unknown.message, "No such File object: file-nope");
  const userData = await uploadBatchFile(t, [chatLine("a")], "user_data");
  await assertError(await createBatch(t, { input_file_id: userData }), 400, "input_file_id");
  assert.deepEqual((await getJson(t, "/v1/batches")).data, []);
});

Deno.test("a bad input file fails the batch with line-numbered errors", async () => {
  const t = testApp();
  const fileId = await uploadBatchFile(t, [chatLine("a"), "{broken", chatLine("a")]);
  const created = await (await createBatch(t, { input_file_id: fileId })).json();
  const failed = await stepUntil(t, created.id, "failed");
  assert.equal(typeof failed.failed_at, "number");
  assert.deepEqual(
    failed.errors.data.map((e: { line: number; code: string }) => [e.line, e.code]),
    [[2, "invalid_json_line"], [3, "duplicate_custom_id"]],
  );
  assert.equal(failed.output_file_id, null);
});

Deno.test("retrieve, list and cancel: 404 for unknown ids, 409 for finished batches", async () => {
  const t = testApp();
  const fileId = await uploadBatchFile(t, [chatLine("a")]);
  const first = await (await createBatch(t, { input_file_id: fileId })).json();
  const second = await (await createBatch(t, { input_file_id: fileId })).json();
  const list = await getJson(t, "/v1/batches?limit=1");
  assert.deepEqual([list.data[0].id, list.has_more], [second.id, true]);
  const rest = await getJson(t, `/v1/batches?limit=1&after=${list.last_id}`);
  assert.deepEqual([rest.data[0].id, rest.has_more], [first.id, false]);
  await assertError(await t.app.request("/v1/batches?limit=101"), 400, "limit");

  const nope = await assertError(await t.app.request("/v1/batches/batch_nope"), 404, null);
  assert.equal(nope.message, "No batch found with id 'batch_nope'.");
  await assertError(await t.post("/v1/batches/batch_nope/cancel", {}), 404, null);

  const cancelling = await (await t.post(`/v1/batches/${second.id}/cancel`, {})).json();
  assert.equal(cancelling.status, "cancelling");
  assert.equal(typeof cancelling.cancelling_at, "number");
  await stepUntil(t, second.id, "cancelled");
  const done = await stepUntil(t, first.id, "completed");
  const conflict = await assertError(await t.post(`/v1/batches/${done.id}/cancel`, {}), 409, null);
  assert.equal(conflict.message, "Cannot cancel a batch with status 'completed'.");
});

Deno.test("each batch line is a request of its own in the access log", async () => {
  const t = testApp();
  const fileId = await uploadBatchFile(t, [chatLine("a"), chatLine("b")]);
  const created = await (await createBatch(t, { input_file_id: fileId })).json();
  await stepUntil(t, created.id, "completed");
  const chat = t.logger.stdout.map((l) => JSON.parse(l)).filter((l) => l.path === CHAT);
  assert.deepEqual(chat.map((l) => [l.status, l.model]), [[200, "gpt-4o-mini"], [
    200,
    "gpt-4o-mini",
  ]]);
});
