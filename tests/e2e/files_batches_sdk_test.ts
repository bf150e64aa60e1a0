/** The official openai SDK against the real CLI: the Files API and the Batch API end to end. */
import assert from "node:assert/strict";
import OpenAI, { BadRequestError, ConflictError, NotFoundError, toFile } from "openai";
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { type FakeAIProcess, startFakeAI } from "../support/fakeai_process.ts";
import { waitFor } from "../support/wait.ts";

async function withServer(
  args: string[],
  fn: (client: OpenAI, server: FakeAIProcess) => Promise<void>,
) {
  const server = await startFakeAI({ args: ["--response-delay", "0", ...args] });
  try {
    await fn(new OpenAI({ baseURL: server.baseURL, apiKey: "sk-test", maxRetries: 0 }), server);
  } finally {
    assert.equal(await server.stop(), 0);
  }
}

const jsonl = (rows: unknown[]) =>
  new TextEncoder().encode(rows.map((r) => JSON.stringify(r)).join("\n") + "\n");

const chatRows = (ids: string[]) =>
  ids.map((id) => ({
    custom_id: id,
    method: "POST",
    url: "/v1/chat/completions",
    body: {
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: `Write about ${id}.` }],
      max_tokens: 24,
    },
  }));

/** Polls until the batch reaches a final status (bounded; with the speed-up it takes ms). */
async function waitForBatch(client: OpenAI, id: string): Promise<OpenAI.Batch> {
  return await waitFor(`batch ${id} to finish`, async () => {
    const batch = await client.batches.retrieve(id);
    return ["completed", "failed", "expired", "cancelled"].includes(batch.status) && batch;
  }, { attempts: 2000, intervalMs: 5 });
}

Deno.test("e2e files: upload, list, retrieve, content, delete; errors as the SDK expects", async () => {
  await withServer(["--files-max-bytes", "4096"], async (client, server) => {
    const bytes = jsonl(chatRows(["a", "b"]));
    const file = await client.files.create({
      file: await toFile(bytes, "batch.jsonl"),
      purpose: "batch",
    });
    assert.match(file.id, /^file-/);
    assert.equal(file.object, "file");
    assert.equal(file.bytes, bytes.byteLength);
    assert.equal(file.filename, "batch.jsonl");
    assert.equal(file.purpose, "batch");
    assert.equal(file.status, "processed");
    assert.equal(file.expires_at, file.created_at + 30 * 86400);

    const other = await client.files.create({
      file: await toFile(new TextEncoder().encode("notes"), "notes.txt"),
      purpose: "user_data",
    });
    assert.deepEqual(await client.files.retrieve(file.id), file);
    const content = await client.files.content(file.id);
    assert.deepEqual(new Uint8Array(await content.arrayBuffer()), bytes);

    const seen: string[] = [];
    for await (const f of client.files.list({ limit: 1 })) seen.push(f.id);
    assert.deepEqual(seen, [other.id, file.id], "newest first, across pages");
    const batchOnly = await client.files.list({ purpose: "batch" });
    assert.deepEqual(batchOnly.data.map((f) => f.id), [file.id]);

    assert.deepEqual(await client.files.delete(other.id), {
      id: other.id,
      object: "file",
      deleted: true,
    });
    for (
      const call of [
        () => client.files.retrieve(other.id),
        () => client.files.delete(other.id),
        () => client.files.content(other.id),
      ]
    ) {
      await assert.rejects(call, (err) => {
        assert.ok(err instanceof NotFoundError);
        assert.equal(err.message, `404 No such File object: ${other.id}`);
        return true;
      });
    }

    await assert.rejects(
      client.files.create({
        file: await toFile(new Uint8Array(5000), "big.bin"),
        purpose: "user_data",
      }),
      (err) => err instanceof OpenAI.APIError && err.status === 413 && err.param === "file",
    );
    await assert.rejects(
      client.files.create({
        file: await toFile(bytes, "batch.jsonl"),
        purpose: "training" as "batch",
      }),
      (err) => err instanceof BadRequestError && err.param === "purpose",
    );
    const notMultipart = await fetch(`${server.baseURL}/files`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ purpose: "batch" }),
    });
    assert.equal(notMultipart.status, 400);
    assert.equal((await notMultipart.json()).error.type, "invalid_request_error");
    const broken = await fetch(`${server.baseURL}/files`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=xyz" },
      body: "--nope",
    });
    assert.equal(broken.status, 400);
    assert.equal((await broken.json()).error.code, "invalid_multipart");
  });
});

Deno.test("e2e batches: chat and embeddings batches run to completion with real bodies", async () => {
  await withServer([], async (client) => {
    const input = await client.files.create({
      file: await toFile(jsonl(chatRows(["r1", "r2", "r3", "r4", "r5"])), "batch.jsonl"),
      purpose: "batch",
    });
    const created = await client.batches.create({
      input_file_id: input.id,
      endpoint: "/v1/chat/completions",
      completion_window: "24h",
      metadata: { job: "e2e" },
    });
    assert.equal(created.status, "validating");
    assert.deepEqual(created.metadata, { job: "e2e" });
    const done = await waitForBatch(client, created.id);
    assert.equal(done.status, "completed");
    assert.deepEqual(done.request_counts, { total: 5, completed: 5, failed: 0 });
    assert.equal(done.model, "gpt-4o-mini");
    assert.equal(done.error_file_id, null);
    assert.ok(done.completed_at! >= done.created_at);

    const text = await (await client.files.content(done.output_file_id!)).text();
    const lines = text.trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.custom_id), ["r1", "r2", "r3", "r4", "r5"]);
    let output = 0;
    for (const line of lines) {
      const body = line.response.body as OpenAI.ChatCompletion;
      assert.equal(line.response.status_code, 200);
      assert.equal(body.object, "chat.completion");
      const content = body.choices[0].message.content!;
      assert.equal(encode(content).length, body.usage!.completion_tokens);
      assert.equal(
        body.usage!.total_tokens,
        body.usage!.prompt_tokens + body.usage!.completion_tokens,
      );
      output += body.usage!.completion_tokens;
    }
    assert.equal(done.usage!.output_tokens, output);
    assert.equal((await client.files.retrieve(done.output_file_id!)).purpose, "batch_output");

    const embedInput = await client.files.create({
      file: await toFile(
        jsonl(["x", "y"].map((id) => ({
          custom_id: id,
          method: "POST",
          url: "/v1/embeddings",
          body: { model: "text-embedding-3-small", input: `about ${id}` },
        }))),
        "embed.jsonl",
      ),
      purpose: "batch",
    });
    const embed = await waitForBatch(
      client,
      (await client.batches.create({
        input_file_id: embedInput.id,
        endpoint: "/v1/embeddings",
        completion_window: "24h",
      })).id,
    );
    assert.equal(embed.status, "completed");
    const first = JSON.parse(
      (await (await client.files.content(embed.output_file_id!)).text())
        .split("\n")[0],
    );
    assert.equal(first.response.body.data[0].embedding.length, 1536);

    const ids: string[] = [];
    for await (const b of client.batches.list({ limit: 1 })) ids.push(b.id);
    assert.deepEqual(ids, [embed.id, done.id]);
    await assert.rejects(client.batches.cancel(done.id), ConflictError);
    await assert.rejects(client.batches.retrieve("batch_missing"), NotFoundError);
    await assert.rejects(
      client.batches.create({
        input_file_id: "file-missing",
        endpoint: "/v1/chat/completions",
        completion_window: "24h",
      }),
      NotFoundError,
    );
  });
});

Deno.test("e2e batches: invalid lines fail the batch; a cancelled batch runs nothing", async () => {
  // Speed-up 2: validating takes a real second, so the cancel below always lands in time.
  await withServer(["--batch-speedup", "2"], async (client) => {
    const bad = await client.files.create({
      file: await toFile(
        new TextEncoder().encode(`${JSON.stringify(chatRows(["a"])[0])}\n{oops\n`),
        "bad.jsonl",
      ),
      purpose: "batch",
    });
    const toCancel = await client.batches.create({
      input_file_id: bad.id,
      endpoint: "/v1/chat/completions",
      completion_window: "24h",
    });
    const cancelling = await client.batches.cancel(toCancel.id);
    assert.equal(cancelling.status, "cancelling");
    const cancelled = await waitForBatch(client, toCancel.id);
    assert.equal(cancelled.status, "cancelled");
    assert.equal(cancelled.request_counts!.completed, 0);

    const failing = await client.batches.create({
      input_file_id: bad.id,
      endpoint: "/v1/chat/completions",
      completion_window: "24h",
    });
    const failed = await waitForBatch(client, failing.id);
    assert.equal(failed.status, "failed");
    assert.deepEqual(failed.errors!.data!.map((e) => [e.line, e.code]), [[2, "invalid_json_line"]]);
  });
});
