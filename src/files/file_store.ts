/**
 * Where uploaded and generated files live. One in-memory index of metadata for both
 * implementations (memory, disk); a total-size cap refuses new files instead of evicting old ones.
 */
import { byCreation, type FileMeta, type FilePurpose } from "./file_object.ts";

export interface NewFile {
  filename: string;
  purpose: FilePurpose;
  created_at: number;
  expires_at: number | null;
}

export interface FileStore {
  /** Stores the bytes under id. Throws StorageFullError (before writing) beyond the cap. */
  put(id: string, file: NewFile, data: Uint8Array): Promise<FileMeta>;
  get(id: string): FileMeta | undefined;
  /** Oldest first. */
  list(): FileMeta[];
  read(id: string): Promise<Uint8Array | undefined>;
  delete(id: string): Promise<boolean>;
  /** Deletes files whose expires_at (Unix seconds) has passed. */
  sweep(nowSeconds: number): Promise<void>;
  readonly totalBytes: number;
  readonly maxTotalBytes: number;
}

export class StorageFullError extends Error {
  constructor(readonly requested: number, readonly used: number, readonly limit: number) {
    super(`storage full: ${used} + ${requested} bytes > ${limit}`);
  }
}

/** The bytes could not be written (a full disk, a read-only directory); nothing was kept. */
export class StorageWriteError extends Error {
  constructor(readonly reason: string) {
    super(`file storage write failed: ${reason}`);
  }
}

/** The shared index, cap and ordering; subclasses only move bytes. */
export abstract class IndexedFileStore implements FileStore {
  protected readonly index = new Map<string, FileMeta>();
  #total = 0;
  #seq = 0;

  constructor(readonly maxTotalBytes: number) {}

  get totalBytes(): number {
    return this.#total;
  }

  protected abstract writeData(meta: FileMeta, data: Uint8Array): Promise<void>;
  protected abstract readData(meta: FileMeta): Promise<Uint8Array | undefined>;
  protected abstract removeData(meta: FileMeta): Promise<void>;

  /** Adds an existing file to the index (used when reloading from disk). */
  protected adopt(meta: FileMeta): void {
    this.index.set(meta.id, meta);
    this.#total += meta.bytes;
    this.#seq = Math.max(this.#seq, meta.seq + 1);
  }

  async put(id: string, file: NewFile, data: Uint8Array): Promise<FileMeta> {
    if (this.#total + data.byteLength > this.maxTotalBytes) {
      throw new StorageFullError(data.byteLength, this.#total, this.maxTotalBytes);
    }
    const meta: FileMeta = { id, bytes: data.byteLength, ...file, seq: this.#seq++ };
    // Reserve the space before the (possibly slow) write so concurrent puts cannot overshoot.
    this.#total += meta.bytes;
    try {
      await this.writeData(meta, data);
    } catch (err) {
      this.#total -= meta.bytes;
      throw err;
    }
    this.index.set(id, meta);
    return meta;
  }

  get(id: string): FileMeta | undefined {
    return this.index.get(id);
  }

  list(): FileMeta[] {
    return [...this.index.values()].sort(byCreation);
  }

  read(id: string): Promise<Uint8Array | undefined> {
    const meta = this.index.get(id);
    return meta ? this.readData(meta) : Promise.resolve(undefined);
  }

  async delete(id: string): Promise<boolean> {
    const meta = this.index.get(id);
    if (!meta) return false;
    this.index.delete(id);
    this.#total -= meta.bytes;
    await this.removeData(meta);
    return true;
  }

  async sweep(nowSeconds: number): Promise<void> {
    for (const meta of [...this.index.values()]) {
      if (meta.expires_at !== null && meta.expires_at <= nowSeconds) await this.delete(meta.id);
    }
  }
}

export class MemoryFileStore extends IndexedFileStore {
  readonly #data = new Map<string, Uint8Array>();

  protected writeData(meta: FileMeta, data: Uint8Array): Promise<void> {
    this.#data.set(meta.id, data);
    return Promise.resolve();
  }

  protected readData(meta: FileMeta): Promise<Uint8Array | undefined> {
    return Promise.resolve(this.#data.get(meta.id));
  }

  protected removeData(meta: FileMeta): Promise<void> {
    this.#data.delete(meta.id);
    return Promise.resolve();
  }
}
