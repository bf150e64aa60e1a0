/** The file store the settings ask for: on disk when FAKEAI_FILES_DIR is set, else in memory. */
import type { Config } from "../config/schema.ts";
import { DiskFileStore } from "./disk_file_store.ts";
import { type FileStore, MemoryFileStore } from "./file_store.ts";

export function createFileStore(config: Config): FileStore {
  const maxTotal = config.filesMaxTotalMb * 1024 * 1024;
  if (config.filesDir === null) return new MemoryFileStore(maxTotal);
  try {
    return new DiskFileStore(config.filesDir, maxTotal);
  } catch (err) {
    throw new Error(
      `cannot use FAKEAI_FILES_DIR=${config.filesDir}: ${(err as Error).message}`,
    );
  }
}
