/** Storage failures become the API's errors: a full store is a 413, a failed write a clear 507. */
import assert from "node:assert/strict";
import { putFile } from "../../../src/api/openai/files.ts";
import { MemoryFileStore, StorageWriteError } from "../../../src/files/file_store.ts";
import { ApiError } from "../../../src/server/errors.ts";

class FullDisk extends MemoryFileStore {
  protected override writeData(): Promise<void> {
    return Promise.reject(new StorageWriteError("the disk is full"));
  }
}

const NEW = { filename: "a.jsonl", purpose: "batch" as const, created_at: 1, expires_at: null };

Deno.test("putFile: a write that fails on a full disk is a 507 naming the reason", async () => {
  const err = await putFile(new FullDisk(1000), "file-1", NEW, new Uint8Array(4)).catch((e) => e);
  assert.ok(err instanceof ApiError);
  assert.equal(err.status, 507);
  assert.deepEqual(err.body().error, {
    message: "The file could not be stored: the disk is full. Nothing was kept; try again later.",
    type: "server_error",
    param: null,
    code: "storage_write_failed",
  });
});

Deno.test("putFile: beyond the store's cap is the 413 storage_limit_exceeded", async () => {
  const err = await putFile(new MemoryFileStore(2), "file-1", NEW, new Uint8Array(4))
    .catch((e) => e);
  assert.ok(err instanceof ApiError);
  assert.equal(err.status, 413);
  assert.equal(err.code, "storage_limit_exceeded");
});
