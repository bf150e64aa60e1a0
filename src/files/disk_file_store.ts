/**
 * Files on disk: `<id>.bin` holds the bytes, `<id>.json` the metadata. The sidecar is written
 * last (via a rename), so a file is either fully present or ignored at the next start.
 */
import { type FileMeta, isFilePurpose } from "./file_object.ts";
import { IndexedFileStore, StorageWriteError } from "./file_store.ts";

export class DiskFileStore extends IndexedFileStore {
  constructor(readonly dir: string, maxTotalBytes: number) {
    super(maxTotalBytes);
    Deno.mkdirSync(dir, { recursive: true });
    for (const meta of loadIndex(dir)) this.adopt(meta);
  }

  protected async writeData(meta: FileMeta, data: Uint8Array): Promise<void> {
    const tmp = this.#path(meta.id, "json.tmp");
    try {
      await Deno.writeFile(this.#path(meta.id, "bin"), data);
      await Deno.writeTextFile(tmp, JSON.stringify(meta));
      await Deno.rename(tmp, this.#path(meta.id, "json"));
    } catch (err) {
      // Nothing half-written stays behind: a later start would not list it, only keep its bytes.
      for (const ext of ["json", "json.tmp", "bin"]) {
        await Deno.remove(this.#path(meta.id, ext)).catch(() => {});
      }
      throw new StorageWriteError(writeFailure(err));
    }
  }

  protected async readData(meta: FileMeta): Promise<Uint8Array | undefined> {
    try {
      return await Deno.readFile(this.#path(meta.id, "bin"));
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) return undefined;
      throw err;
    }
  }

  protected async removeData(meta: FileMeta): Promise<void> {
    // Sidecar first: a crash in between leaves an orphan .bin, never a listed file without bytes.
    await Deno.remove(this.#path(meta.id, "json")).catch(ignoreNotFound);
    await Deno.remove(this.#path(meta.id, "bin")).catch(ignoreNotFound);
  }

  #path(id: string, ext: string): string {
    return `${this.dir}/${id}.${ext}`;
  }
}

function writeFailure(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/os error 28\b|no space left/i.test(message)) return "the disk is full";
  if (/os error 122\b|quota/i.test(message)) return "the disk quota is exceeded";
  if (err instanceof Deno.errors.PermissionDenied || /os error 30\b|read-only/i.test(message)) {
    return "the files directory is not writable";
  }
  return message.replace(/\s*\(os error \d+\).*$/, "") || message;
}

function ignoreNotFound(err: unknown): void {
  if (!(err instanceof Deno.errors.NotFound)) throw err;
}

/**
 * Every complete file in dir: a valid sidecar whose .bin has the recorded size. What a crash or
 * a full disk left half-written (a .bin or .json.tmp without a listed file) is deleted.
 */
function loadIndex(dir: string): FileMeta[] {
  const out = readIndex(dir);
  const kept = new Set(out.flatMap((m) => [`${m.id}.json`, `${m.id}.bin`]));
  for (const entry of Deno.readDirSync(dir)) {
    if (!entry.isFile || kept.has(entry.name)) continue;
    if (/^[\w-]+\.(bin|json|json\.tmp)$/.test(entry.name)) {
      try {
        Deno.removeSync(`${dir}/${entry.name}`);
      } catch { /* leave what cannot be removed */ }
    }
  }
  return out;
}

function readIndex(dir: string): FileMeta[] {
  const out: FileMeta[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    if (!entry.isFile || !entry.name.endsWith(".json")) continue;
    let meta: unknown;
    try {
      meta = JSON.parse(Deno.readTextFileSync(`${dir}/${entry.name}`));
    } catch {
      continue;
    }
    if (!isMeta(meta) || `${meta.id}.json` !== entry.name) continue;
    try {
      if (Deno.statSync(`${dir}/${meta.id}.bin`).size !== meta.bytes) continue;
    } catch {
      continue;
    }
    out.push(meta);
  }
  return out;
}

function isMeta(v: unknown): v is FileMeta {
  if (typeof v !== "object" || v === null) return false;
  const m = v as Record<string, unknown>;
  return typeof m.id === "string" && /^[\w-]+$/.test(m.id) &&
    Number.isInteger(m.bytes) && Number.isInteger(m.created_at) &&
    typeof m.filename === "string" && isFilePurpose(m.purpose) &&
    (m.expires_at === null || Number.isInteger(m.expires_at)) && Number.isInteger(m.seq);
}
