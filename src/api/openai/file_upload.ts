/** Reads a POST /v1/files multipart body: the file, its purpose and an optional expiry policy. */
import { ApiError, errors } from "../../server/errors.ts";
import { type FilePurpose, UPLOAD_PURPOSES } from "../../files/file_object.ts";
import {
  type FormValue,
  type MultipartForm,
  readMultipartForm,
} from "../../server/multipart_form.ts";

/** Room for multipart boundaries and the other fields around the file itself. */
const MULTIPART_SLACK = 1024 * 1024;
/** OpenAI: batch input files expire after 30 days unless expires_after says otherwise. */
const BATCH_DEFAULT_EXPIRY_SECONDS = 30 * 24 * 3600;
/** How much of a JSONL upload is looked at to check its first line. */
const PEEK_BYTES = 1024 * 1024;

export interface Upload {
  filename: string;
  data: Uint8Array;
  purpose: FilePurpose;
  /** Seconds after creation, or null for a file that does not expire. */
  expiresAfterSeconds: number | null;
}

export async function readUpload(
  request: Request,
  limits: { maxRequestSize: number; maxFileBytes: number },
): Promise<Upload> {
  const contentType = request.headers.get("content-type");
  if (contentType === null || !/^multipart\/form-data\s*(;|$)/i.test(contentType)) {
    throw errors.uploadNotMultipart(contentType);
  }
  const bodyLimit = Math.min(limits.maxRequestSize, limits.maxFileBytes + MULTIPART_SLACK);
  let form: MultipartForm;
  try {
    form = await readMultipartForm(request, contentType, bodyLimit, errors.uploadBadMultipart);
  } catch (err) {
    if (err instanceof ApiError && err.status === 413 && bodyLimit < limits.maxRequestSize) {
      throw errors.fileTooLarge(limits.maxFileBytes);
    }
    throw err;
  }

  const file = form.get("file");
  if (file === null) throw errors.missingParam("file");
  if (typeof file === "string") throw errors.uploadNotAFile();
  const purpose = readPurpose(form.get("purpose"));
  if (file.bytes.byteLength > limits.maxFileBytes) throw errors.fileTooLarge(limits.maxFileBytes);
  const data = file.bytes;
  checkFormat(purpose, file.filename, data);
  const expires = readExpiresAfter(form);
  return {
    filename: file.filename,
    data,
    purpose,
    expiresAfterSeconds: expires ?? (purpose === "batch" ? BATCH_DEFAULT_EXPIRY_SECONDS : null),
  };
}

function readPurpose(value: FormValue | null): FilePurpose {
  if (value === null || value === "") throw errors.missingParam("purpose");
  const purpose = typeof value === "string" ? value : "(a file)";
  if (!(UPLOAD_PURPOSES as readonly string[]).includes(purpose)) {
    const supported = UPLOAD_PURPOSES.map((p) => `'${p}'`);
    throw errors.invalidParam(
      "purpose",
      `Invalid value: '${purpose}'. Supported values are: ${supported.slice(0, -1).join(", ")}, ` +
        `and ${supported[supported.length - 1]}.`,
    );
  }
  return purpose as FilePurpose;
}

/** `expires_after[anchor]` / `expires_after[seconds]`, as the SDKs encode the nested object. */
function readExpiresAfter(form: MultipartForm): number | null {
  const anchor = form.get("expires_after[anchor]");
  const seconds = form.get("expires_after[seconds]");
  if (anchor === null && seconds === null) return null;
  if (anchor === null) throw errors.missingParam("expires_after.anchor");
  if (anchor !== "created_at") {
    throw errors.invalidParam(
      "expires_after.anchor",
      `Invalid value: '${String(anchor)}'. Supported values are: 'created_at'.`,
    );
  }
  if (seconds === null) throw errors.missingParam("expires_after.seconds");
  const n = Number(seconds);
  if (typeof seconds !== "string" || !Number.isInteger(n) || n < 3600 || n > 2_592_000) {
    throw errors.invalidParam(
      "expires_after.seconds",
      `Invalid 'expires_after.seconds': expected an integer between 3600 and 2592000, got '${
        String(seconds)
      }'.`,
    );
  }
  return n;
}

/** Batch and fine-tuning files must be JSONL; only the name and the first line are checked here. */
function checkFormat(purpose: FilePurpose, filename: string, data: Uint8Array): void {
  const api = purpose === "batch"
    ? "Batch API"
    : purpose === "fine-tune"
    ? "Fine-Tuning API"
    : null;
  if (api === null) return;
  if (!filename.toLowerCase().endsWith(".jsonl")) throw errors.jsonlRequired(api);
  const whole = data.byteLength <= PEEK_BYTES;
  const lines = new TextDecoder().decode(whole ? data : data.subarray(0, PEEK_BYTES)).split("\n");
  const at = lines.findIndex((line) => line.trim() !== "");
  // A first line longer than the bytes peeked at is left to batch creation to judge.
  if (at === -1 ? whole : (whole || at < lines.length - 1) && !isJsonObject(lines[at])) {
    throw errors.jsonlRequired(api);
  }
}

function isJsonObject(text: string): boolean {
  try {
    const parsed = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}
