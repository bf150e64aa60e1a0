/** readMultipartForm: the upload routes' multipart reader, parsing each chunk as it arrives. */
import assert from "node:assert/strict";
import { sourceFiles } from "../support/files_under.ts";
import { ApiError } from "../../src/server/api_error.ts";
import { errors } from "../../src/server/errors.ts";
import { readMultipartForm } from "../../src/server/multipart_form.ts";

const malformed = () => errors.audioBadMultipart();

/** A request whose body arrives in chunks of `chunkBytes` (boundaries split across chunks). */
async function chunkedRequest(form: FormData, chunkBytes: number) {
  const encoded = new Request("http://x/", { method: "POST", body: form });
  const contentType = encoded.headers.get("content-type")!;
  const bytes = new Uint8Array(await encoded.arrayBuffer());
  let offset = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunkBytes));
      offset += chunkBytes;
    },
  });
  const request = new Request("http://x/", {
    method: "POST",
    headers: { "content-type": contentType },
    body,
  });
  return { request, contentType, bytes };
}

function sampleForm(fileBytes: Uint8Array) {
  const form = new FormData();
  form.append("model", "whisper-1");
  form.append("timestamp_granularities[]", "word");
  form.append("timestamp_granularities[]", "segment");
  form.append("prompt", "héllo\r\n--not a boundary");
  form.append(
    "file",
    new Blob([fileBytes as Uint8Array<ArrayBuffer>], { type: "audio/wav" }),
    "a.wav",
  );
  return form;
}

Deno.test("multipart: every chunk size gives the fields and file the Fetch standard's FormData gives", async () => {
  const file = new Uint8Array(70_000).map((_, i) => (i * 7919) & 0xff);
  for (const chunkBytes of [1, 7, 64, 1000, 65_536, 1 << 20]) {
    const { request, contentType } = await chunkedRequest(sampleForm(file), chunkBytes);
    const form = await readMultipartForm(request, contentType, 1 << 20, malformed);
    assert.deepStrictEqual(
      form.entries.map(([k, v]) => [k, typeof v === "string" ? v : v.filename]),
      [
        ["model", "whisper-1"],
        ["timestamp_granularities[]", "word"],
        ["timestamp_granularities[]", "segment"],
        ["prompt", "héllo\r\n--not a boundary"],
        ["file", "a.wav"],
      ],
    );
    const got = form.get("file");
    if (got === null || typeof got === "string") throw new Error("no file part");
    assert.deepStrictEqual(got.type, "audio/wav");
    assert.deepStrictEqual(got.bytes, file);
    assert.deepStrictEqual(form.get("missing"), null);
  }
});

Deno.test("multipart: the body is parsed as it arrives, not read whole first", async () => {
  // An endless body that is not multipart: read whole first, it would run into the size limit
  // (413) after 1,000 chunks; parsed as it arrives, the first chunk is enough to refuse it.
  let pulls = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulls++;
      controller.enqueue(new TextEncoder().encode("not a multipart body ".repeat(50)));
    },
  });
  const contentType = "multipart/form-data; boundary=abc";
  const request = new Request("http://x/", {
    method: "POST",
    headers: { "content-type": contentType },
    body,
  });
  const err = await rejection(readMultipartForm(request, contentType, 1_000_000, malformed));
  assert.deepStrictEqual(err.status, 400);
  assert.ok(pulls <= 3, `${pulls} chunks read`);
});

Deno.test("multipart: damaged bodies and a wrong boundary are refused with the caller's error", async () => {
  const { request: cut, contentType, bytes } = await chunkedRequest(
    sampleForm(new Uint8Array(10)),
    1 << 20,
  );
  const truncated = new Request("http://x/", {
    method: "POST",
    headers: { "content-type": contentType },
    body: bytes.slice(0, bytes.length - 20),
  });
  const refused = async (request: Request, type: string) => {
    const err = await rejection(readMultipartForm(request, type, 1 << 20, malformed));
    assert.deepStrictEqual([err.status, err.message], [400, malformed().message]);
  };
  await refused(truncated, contentType);
  await refused(cut, "multipart/form-data; boundary=something-else");
  await refused(new Request("http://x/", { method: "POST", body: "x" }), "multipart/form-data");
});

Deno.test("multipart: the body limit holds while reading (413 at the first byte beyond it)", async () => {
  const { request, contentType, bytes } = await chunkedRequest(
    sampleForm(new Uint8Array(100_000)),
    4096,
  );
  const err = await rejection(readMultipartForm(request, contentType, bytes.length - 1, malformed));
  assert.deepStrictEqual(err.status, 413);
});

Deno.test("no route parses a whole multipart body at once (Request.formData holds the loop)", () => {
  const offenders = sourceFiles(new URL("../../src/", import.meta.url).pathname)
    .filter((path) => /\.formData\(\)/.test(Deno.readTextFileSync(path)));
  assert.deepStrictEqual(offenders, []);
});

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error("expected a rejection");
}
