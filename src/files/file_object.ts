/** The OpenAI File object and the metadata FakeAI keeps for each stored file. */

/** Purposes a client may upload with (POST /v1/files). */
export const UPLOAD_PURPOSES = [
  "assistants",
  "batch",
  "fine-tune",
  "vision",
  "user_data",
  "evals",
] as const;

/** Purposes of files FakeAI writes itself. */
export const OUTPUT_PURPOSES = ["batch_output"] as const;

export type FilePurpose =
  | (typeof UPLOAD_PURPOSES)[number]
  | (typeof OUTPUT_PURPOSES)[number];

export interface FileMeta {
  id: string;
  bytes: number;
  /** Unix seconds. */
  created_at: number;
  filename: string;
  purpose: FilePurpose;
  /** Unix seconds, or null when the file does not expire. */
  expires_at: number | null;
  /** Store-wide insertion order: ties on created_at are listed in upload order. */
  seq: number;
}

export interface FileObject {
  id: string;
  object: "file";
  bytes: number;
  created_at: number;
  expires_at: number | null;
  filename: string;
  purpose: FilePurpose;
  status: "processed";
  status_details: null;
}

export function toFileObject(meta: FileMeta): FileObject {
  return {
    id: meta.id,
    object: "file",
    bytes: meta.bytes,
    created_at: meta.created_at,
    expires_at: meta.expires_at,
    filename: meta.filename,
    purpose: meta.purpose,
    status: "processed",
    status_details: null,
  };
}

export function isFilePurpose(value: unknown): value is FilePurpose {
  return typeof value === "string" &&
    ((UPLOAD_PURPOSES as readonly string[]).includes(value) ||
      (OUTPUT_PURPOSES as readonly string[]).includes(value));
}

/** Oldest first: created_at, then upload order. */
export function byCreation(a: FileMeta, b: FileMeta): number {
  return a.created_at - b.created_at || a.seq - b.seq;
}
