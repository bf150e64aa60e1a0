/** /v1/files: upload (multipart), list, retrieve, delete, and download the content. */
import type { ApiDeps } from "../deps.ts";
import type { App } from "../../server/app_env.ts";
import { errors } from "../../server/errors.ts";
import { type FileMeta, toFileObject } from "../../files/file_object.ts";
import {
  type FileStore,
  type NewFile,
  StorageFullError,
  StorageWriteError,
} from "../../files/file_store.ts";
import { listPage, parseListQuery } from "../list_page.ts";
import { readUpload } from "./file_upload.ts";

export function registerFileRoutes(app: App, deps: ApiDeps, store: FileStore): void {
  const { config, engine } = deps;
  const nowSeconds = () => Math.floor(engine.clock.wallNow() / 1000);
  const find = async (id: string): Promise<FileMeta> => {
    await store.sweep(nowSeconds());
    const meta = store.get(id);
    if (!meta) throw errors.fileNotFound(id);
    return meta;
  };

  app.post("/v1/files", async (c) => {
    const upload = await readUpload(c.req.raw, {
      maxRequestSize: config.maxRequestSize,
      maxFileBytes: config.filesMaxBytes,
    });
    const created = nowSeconds();
    const meta = await putFile(store, engine.ids.next("file-", 22), {
      filename: upload.filename,
      purpose: upload.purpose,
      created_at: created,
      expires_at: upload.expiresAfterSeconds === null ? null : created + upload.expiresAfterSeconds,
    }, upload.data);
    return c.json(toFileObject(meta));
  });

  app.get("/v1/files", async (c) => {
    const query = parseListQuery((name) => c.req.query(name), {
      defaultLimit: 10_000,
      maxLimit: 10_000,
      defaultOrder: "desc",
    });
    await store.sweep(nowSeconds());
    const purpose = c.req.query("purpose");
    let files = store.list();
    if (purpose) files = files.filter((f) => f.purpose === purpose);
    if (query.order === "desc") files.reverse();
    return c.json(listPage(files, query, toFileObject));
  });

  app.get("/v1/files/:id", async (c) => c.json(toFileObject(await find(c.req.param("id")))));

  app.delete("/v1/files/:id", async (c) => {
    const meta = await find(c.req.param("id"));
    await store.delete(meta.id);
    return c.json({ id: meta.id, object: "file", deleted: true });
  });

  app.get("/v1/files/:id/content", async (c) => {
    const meta = await find(c.req.param("id"));
    const data = await store.read(meta.id);
    if (!data) throw errors.fileNotFound(meta.id);
    return new Response(data as Uint8Array<ArrayBuffer>, {
      headers: { "content-type": "application/octet-stream" },
    });
  });
}

/** Stores a file, turning a full store into the API's 413. */
export async function putFile(
  store: FileStore,
  id: string,
  file: NewFile,
  data: Uint8Array,
): Promise<FileMeta> {
  try {
    return await store.put(id, file, data);
  } catch (err) {
    if (err instanceof StorageFullError) {
      throw errors.storageFull(err.requested, err.used, err.limit);
    }
    if (err instanceof StorageWriteError) throw errors.storageWriteFailed(err.reason);
    throw err;
  }
}
