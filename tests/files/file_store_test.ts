import assert from "node:assert/strict";
import { defaultConfig } from "../../src/config/schema.ts";
import { createFileStore } from "../../src/files/create_file_store.ts";
import { DiskFileStore } from "../../src/files/disk_file_store.ts";
import {
  type FileStore,
  MemoryFileStore,
  StorageFullError,
  StorageWriteError,
} from "../../src/files/file_store.ts";
import type { NewFile } from "../../src/files/file_store.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array | undefined) => new TextDecoder().decode(data);
const file = (filename: string, created_at = 100, expires_at: number | null = null): NewFile => ({
  filename,
  purpose: "user_data",
  created_at,
  expires_at,
});

async function withDir(fn: (dir: string) => void | Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "fakeai-files-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function commonBehaviour(store: FileStore): Promise<void> {
  const a = await store.put("file-a", file("a.txt", 200), bytes("alpha"));
  await store.put("file-b", file("b.txt", 100), bytes("be"));
  await store.put("file-c", file("c.txt", 200), bytes("c"));
  assert.equal(a.bytes, 5);
  assert.deepEqual(store.get("file-a"), a);
  assert.equal(store.get("file-x"), undefined);
  // Oldest first; equal created_at keeps upload order.
  assert.deepEqual(store.list().map((f) => f.id), ["file-b", "file-a", "file-c"]);
  assert.equal(text(await store.read("file-a")), "alpha");
  assert.equal(await store.read("file-x"), undefined);
  assert.equal(store.totalBytes, 8);
  assert.equal(await store.delete("file-a"), true);
  assert.equal(await store.delete("file-a"), false);
  assert.equal(store.get("file-a"), undefined);
  assert.equal(await store.read("file-a"), undefined);
  assert.equal(store.totalBytes, 3);
}

Deno.test("memory store: put, get, list order, read, delete, total bytes", async () => {
  await commonBehaviour(new MemoryFileStore(1000));
});

Deno.test("disk store: the same behaviour as memory", async () => {
  await withDir(async (dir) => await commonBehaviour(new DiskFileStore(dir, 1000)));
});

Deno.test("the total cap refuses a file instead of evicting, and leaves no trace", async () => {
  const store = new MemoryFileStore(10);
  await store.put("file-a", file("a"), bytes("123456"));
  await assert.rejects(
    () => store.put("file-b", file("b"), bytes("12345")),
    (err) => err instanceof StorageFullError && err.used === 6 && err.requested === 5,
  );
  assert.deepEqual(store.list().map((f) => f.id), ["file-a"]);
  assert.equal(store.totalBytes, 6);
  await store.put("file-c", file("c"), bytes("1234"));
  assert.equal(store.totalBytes, 10);
});

Deno.test("sweep deletes files whose expires_at has passed", async () => {
  const store = new MemoryFileStore(1000);
  await store.put("file-old", file("a", 1, 50), bytes("x"));
  await store.put("file-new", file("b", 1, 500), bytes("y"));
  await store.put("file-forever", file("c", 1, null), bytes("z"));
  await store.sweep(50);
  assert.deepEqual(store.list().map((f) => f.id), ["file-new", "file-forever"]);
  assert.equal(store.totalBytes, 2);
});

Deno.test("disk store: a restart reloads every file, and new files list after them", async () => {
  await withDir(async (dir) => {
    const first = new DiskFileStore(dir, 1000);
    await first.put("file-1", file("one.jsonl", 100), bytes('{"a":1}\n'));
    await first.put("file-2", { ...file("two.bin", 100), purpose: "batch_output" }, bytes("two"));
    const second = new DiskFileStore(dir, 1000);
    assert.deepEqual(second.list(), first.list());
    assert.equal(second.totalBytes, first.totalBytes);
    assert.equal(text(await second.read("file-1")), '{"a":1}\n');
    await second.put("file-3", file("three", 100), bytes("3"));
    assert.deepEqual(second.list().map((f) => f.id), ["file-1", "file-2", "file-3"]);
    await second.delete("file-2");
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(names, ["file-1.bin", "file-1.json", "file-3.bin", "file-3.json"]);
  });
});

Deno.test("disk store: broken sidecars and truncated bytes are ignored at start", async () => {
  await withDir(async (dir) => {
    const store = new DiskFileStore(dir, 1000);
    await store.put("file-good", file("g"), bytes("good"));
    await store.put("file-short", file("s"), bytes("longer"));
    await Deno.writeFile(`${dir}/file-short.bin`, bytes("lo"));
    await Deno.writeTextFile(`${dir}/file-junk.json`, "{not json");
    await Deno.writeTextFile(`${dir}/file-nobin.json`, JSON.stringify(store.get("file-good")));
    await Deno.writeTextFile(`${dir}/notes.txt`, "ignored");
    const reloaded = new DiskFileStore(dir, 1000);
    assert.deepEqual(reloaded.list().map((f) => f.id), ["file-good"]);
  });
});

Deno.test("disk store: a full disk is a StorageWriteError and leaves nothing behind", async () => {
  await withDir(async (dir) => {
    const store = new DiskFileStore(dir, 1000);
    // Writes through this name land on /dev/full: ENOSPC, as on a full disk.
    await Deno.symlink("/dev/full", `${dir}/file-full.bin`);
    await assert.rejects(
      store.put("file-full", file("f"), bytes("data")),
      (err: unknown) => err instanceof StorageWriteError && err.reason === "the disk is full",
    );
    assert.equal(store.totalBytes, 0);
    assert.deepEqual(store.list(), []);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), []);
  });
});

Deno.test("disk store: what a crash left half-written is removed at start", async () => {
  await withDir(async (dir) => {
    const store = new DiskFileStore(dir, 1000);
    await store.put("file-good", file("g"), bytes("good"));
    await Deno.writeFile(`${dir}/file-orphan.bin`, bytes("orphan"));
    await Deno.writeTextFile(`${dir}/file-half.json.tmp`, "{");
    await Deno.writeTextFile(`${dir}/notes.txt`, "not ours");
    const reloaded = new DiskFileStore(dir, 1000);
    assert.deepEqual(reloaded.list().map((f) => f.id), ["file-good"]);
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(names, ["file-good.bin", "file-good.json", "notes.txt"]);
  });
});

Deno.test("createFileStore: memory by default, disk when FAKEAI_FILES_DIR is set", async () => {
  const config = defaultConfig();
  assert.equal(config.filesDir, null);
  const memory = createFileStore(config);
  assert.ok(memory instanceof MemoryFileStore);
  assert.equal(memory.maxTotalBytes, 1024 * 1024 * 1024);
  await withDir((dir) => {
    const disk = createFileStore({
      ...config,
      filesDir: `${dir}/nested/files`,
      filesMaxTotalMb: 2,
    });
    assert.ok(disk instanceof DiskFileStore);
    assert.equal(disk.maxTotalBytes, 2 * 1024 * 1024);
    assert.ok(Deno.statSync(`${dir}/nested/files`).isDirectory);
  });
});
