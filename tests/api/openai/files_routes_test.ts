/** /v1/files in-process: upload, list (pagination, order, purpose), retrieve, content, delete. */
import assert from "node:assert/strict";

import { testApp } from "../../support/in_process.ts";

type App = ReturnType<typeof testApp>;

function upload(
  t: App,
  content: string | Uint8Array,
  filename = "data.jsonl",
  purpose: string | null = "user_data",
  extra: Record<string, string> = {},
) {
  const form = new FormData();
  form.append("file", new File([content as BlobPart], filename));
  if (purpose !== null) form.append("purpose", purpose);
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  return Promise.resolve(t.app.request("/v1/files", { method: "POST", body: form }));
}

const get = (t: App, path: string, method = "GET") =>
  Promise.resolve(t.app.request(path, { method }));

async function assertError(res: Response, status: number, param: string | null, code?: string) {
  assert.equal(res.status, status);
  const { error } = await res.json();
  assert.equal(error.type, "invalid_request_error");
  assert.equal(error.param, param);
  if (code !== undefined) assert.equal(error.code, code);
  return error.message as string;
}

Deno.test("upload answers a File object; retrieve, content and delete agree", async () => {
  const t = testApp();
  const res = await upload(t, "hello\n", "notes.txt", "assistants");
  assert.equal(res.status, 200);
  const file = await res.json();
  assert.match(file.id, /^file-[A-Za-z0-9]{22}$/);
  assert.deepEqual({ ...file, id: "x" }, {
    id: "x",
    object: "file",
    bytes: 6,
    created_at: 1_700_000_000,
    expires_at: null,
    filename: "notes.txt",
    purpose: "assistants",
    status: "processed",
    status_details: null,
  });
  assert.deepEqual(await (await get(t, `/v1/files/${file.id}`)).json(), file);
  const content = await get(t, `/v1/files/${file.id}/content`);
  assert.equal(content.headers.get("content-type"), "application/octet-stream");
  assert.equal(await content.text(), "hello\n");
  const deleted = await get(t, `/v1/files/${file.id}`, "DELETE");
  assert.deepEqual(await deleted.json(), { id: file.id, object: "file", deleted: true });
  for (const path of [`/v1/files/${file.id}`, `/v1/files/${file.id}/content`]) {
    const message = await assertError(await get(t, path), 404, "id");
    assert.equal(message, `No such File object: ${file.id}`);
  }
  await assertError(await get(t, `/v1/files/${file.id}`, "DELETE"), 404, "id");
});

Deno.test("batch uploads expire after 30 days by default; expires_after sets it", async () => {
  const t = testApp();
  const batch = await (await upload(t, '{"a":1}\n', "in.jsonl", "batch")).json();
  assert.equal(batch.expires_at, 1_700_000_000 + 30 * 86400);
  const custom = await upload(t, "x", "x.txt", "user_data", {
    "expires_after[anchor]": "created_at",
    "expires_after[seconds]": "3600",
  });
  assert.equal((await custom.json()).expires_at, 1_700_000_000 + 3600);
  const bad = await upload(t, "x", "x.txt", "user_data", {
    "expires_after[anchor]": "created_at",
    "expires_after[seconds]": "60",
  });
  await assertError(bad, 400, "expires_after.seconds");
});

Deno.test("an expired file is gone from every route", async () => {
  const t = testApp();
  const file = await (await upload(t, "x", "x.txt", "user_data", {
    "expires_after[anchor]": "created_at",
    "expires_after[seconds]": "3600",
  })).json();
  t.clock.advance(3600 * 1000);
  await assertError(await get(t, `/v1/files/${file.id}`), 404, "id");
  assert.deepEqual((await (await get(t, "/v1/files")).json()).data, []);
});

Deno.test("list: newest first by default, asc on request, purpose filter, cursor pages", async () => {
  const t = testApp();
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const purpose = i % 2 === 0 ? "user_data" : "batch";
    ids.push((await (await upload(t, `{"i":${i}}`, `f${i}.jsonl`, purpose)).json()).id);
    t.clock.advance(1000);
  }
  const all = await (await get(t, "/v1/files")).json();
  assert.equal(all.object, "list");
  assert.deepEqual(all.data.map((f: { id: string }) => f.id), [...ids].reverse());
  assert.deepEqual([all.first_id, all.last_id, all.has_more], [ids[4], ids[0], false]);
  const asc = await (await get(t, "/v1/files?order=asc&limit=2")).json();
  assert.deepEqual(asc.data.map((f: { id: string }) => f.id), ids.slice(0, 2));
  assert.equal(asc.has_more, true);
  const next = await (await get(t, `/v1/files?order=asc&limit=2&after=${asc.last_id}`)).json();
  assert.deepEqual(next.data.map((f: { id: string }) => f.id), ids.slice(2, 4));
  const batch = await (await get(t, "/v1/files?purpose=batch")).json();
  assert.deepEqual(batch.data.map((f: { id: string }) => f.id), [ids[3], ids[1]]);
  await assertError(await get(t, "/v1/files?limit=0"), 400, "limit");
  await assertError(await get(t, "/v1/files?order=random"), 400, "order");
  await assertError(await get(t, "/v1/files?after=file-nope"), 400, "after");
});

Deno.test("upload errors: not multipart, missing or bad fields", async () => {
  const t = testApp();
  const json = await t.post("/v1/files", { purpose: "batch" });
  await assertError(json, 400, null, "invalid_content_type");
  const broken = await t.app.request("/v1/files", {
    method: "POST",
    headers: { "content-type": "multipart/form-data; boundary=zzz" },
    body: "not a multipart body",
  });
  await assertError(broken, 400, null, "invalid_multipart");
  const noPurpose = await upload(t, "x", "x.txt", null);
  assert.equal(
    await assertError(noPurpose, 400, "purpose", "missing_required_parameter"),
    "Missing required parameter: 'purpose'.",
  );
  const badPurpose = await upload(t, "x", "x.txt", "training");
  assert.match(
    await assertError(badPurpose, 400, "purpose", "invalid_value"),
    /^Invalid value: 'training'\. Supported values are: 'assistants', 'batch', .*and 'evals'\.$/,
  );
  const outputPurpose = await upload(t, "x", "x.txt", "batch_output");
  await assertError(outputPurpose, 400, "purpose");
  const noFile = new FormData();
  noFile.append("purpose", "batch");
  const missing = await t.app.request("/v1/files", { method: "POST", body: noFile });
  await assertError(missing, 400, "file", "missing_required_parameter");
  const textFile = new FormData();
  textFile.append("file", "just text");
  textFile.append("purpose", "batch");
  const text = await t.app.request("/v1/files", { method: "POST", body: textFile });
  await assertError(text, 400, "file");
});

Deno.test("batch and fine-tune uploads must look like JSONL", async () => {
  const t = testApp();
  await assertError(await upload(t, '{"a":1}', "in.txt", "batch"), 400, "file");
  await assertError(await upload(t, "not json\n", "in.jsonl", "batch"), 400, "file");
  await assertError(await upload(t, "\n\n", "in.jsonl", "batch"), 400, "file");
  await assertError(await upload(t, "[1]\n", "in.jsonl", "fine-tune"), 400, "file");
  // Only the first line is looked at: later lines are judged when a batch is created.
  assert.equal((await upload(t, '{"a":1}\nbroken', "in.JSONL", "batch")).status, 200);
  assert.equal((await upload(t, "anything", "in.txt", "user_data")).status, 200);
});

Deno.test("size limits: a file over FAKEAI_FILES_MAX_BYTES is 413; so is a full store", async () => {
  const t = testApp({ filesMaxBytes: 1000, filesMaxTotalMb: 1 });
  const big = await upload(t, "x".repeat(1001), "big.txt");
  assert.equal(
    await assertError(big, 413, "file", "file_too_large"),
    "File is too large. The maximum file size is 1000 bytes.",
  );
  assert.equal((await upload(t, "x".repeat(1000), "ok.txt")).status, 200);
  // Far beyond the file limit: refused while reading, same answer.
  const huge = await upload(t, new Uint8Array(3 * 1024 * 1024), "huge.bin");
  await assertError(huge, 413, "file", "file_too_large");

  const small = testApp({ filesMaxTotalMb: 1 });
  assert.equal((await upload(small, new Uint8Array(700_000), "a.bin")).status, 200);
  const full = await upload(small, new Uint8Array(400_000), "b.bin");
  assert.match(await assertError(full, 413, "file", "storage_limit_exceeded"), /Delete files/);
});

Deno.test("FAKEAI_FILES_DIR: files survive a restart of the app", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fakeai-files-" });
  try {
    const first = testApp({ filesDir: dir });
    const file = await (await upload(first, "kept\n", "keep.txt")).json();
    const second = testApp({ filesDir: dir });
    assert.deepEqual(await (await get(second, `/v1/files/${file.id}`)).json(), file);
    assert.equal(await (await get(second, `/v1/files/${file.id}/content`)).text(), "kept\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
