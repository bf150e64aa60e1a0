/**
 * Reads a /v1/audio/transcriptions or /translations multipart upload: content type, OpenAI's
 * 25 MB request limit, the `file` part, and the text fields validated like JSON parameters.
 */
import { z } from "zod";
import { ApiError, errors } from "../../server/errors.ts";
import { type MultipartForm, readMultipartForm } from "../../server/multipart_form.ts";
import { parseRequest } from "../validation.ts";

/** OpenAI's limit on the whole multipart request (25 MiB). */
export const MAX_UPLOAD_BYTES = 26_214_400;
export const TRANSCRIPT_FORMATS = [
  "json",
  "text",
  "srt",
  "verbose_json",
  "vtt",
  "diarized_json",
] as const;
export type TranscriptFormat = typeof TRANSCRIPT_FORMATS[number];

const fieldsSchema = z.object({
  model: z.string().min(1),
  language: z.string().optional(),
  prompt: z.string().optional(),
  response_format: z.enum(TRANSCRIPT_FORMATS).optional(),
  temperature: z.number().min(0).max(1).optional(),
  timestamp_granularities: z.array(z.enum(["word", "segment"])).optional(),
  include: z.array(z.enum(["logprobs"])).optional(),
  stream: z.boolean().optional(),
});

export interface AudioUpload {
  bytes: Uint8Array;
  name: string;
  type: string;
}

export type AudioFormFields = z.infer<typeof fieldsSchema>;

export async function readAudioForm(
  request: Request,
  maxRequestSize: number,
): Promise<{ file: AudioUpload; fields: AudioFormFields }> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    throw errors.audioNotMultipart(contentType);
  }
  const form = await parseForm(request, contentType, maxRequestSize);
  const file = form.get("file");
  if (file === null) throw errors.missingParam("file");
  if (typeof file === "string") {
    throw errors.invalidParam(
      "file",
      "Invalid type for 'file': expected a file upload, but got a string instead.",
      "invalid_type",
    );
  }
  const upload = { bytes: file.bytes, name: file.filename, type: file.type };
  return { file: upload, fields: parseRequest(fieldsSchema, formFields(form)) };
}

async function parseForm(request: Request, contentType: string, maxRequestSize: number) {
  const limit = Math.min(maxRequestSize, MAX_UPLOAD_BYTES);
  try {
    return await readMultipartForm(request, contentType, limit, errors.audioBadMultipart);
  } catch (err) {
    if (err instanceof ApiError && err.status === 413 && limit === MAX_UPLOAD_BYTES) {
      const declared = Number(request.headers.get("content-length"));
      const read = declared > limit ? `${declared} bytes read` : `more than ${limit} bytes read`;
      throw errors.audioUploadTooLarge(limit, read);
    }
    throw err;
  }
}

/** Text fields as JSON-like values: `name[]` parts become arrays; numbers and booleans are read. */
function formFields(form: MultipartForm): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of form.entries) {
    if (rawKey === "file" || typeof value !== "string") continue;
    const list = rawKey.endsWith("[]");
    const key = list ? rawKey.slice(0, -2) : rawKey;
    if (key === "timestamp_granularities" || key === "include") {
      out[key] = [...(Array.isArray(out[key]) ? out[key] as unknown[] : []), value];
    } else {
      out[key] = coerce(key, value);
    }
  }
  return out;
}

function coerce(key: string, value: string): unknown {
  if (key === "temperature" && value.trim() !== "" && Number.isFinite(Number(value))) {
    return Number(value);
  }
  if (key === "stream" && (value === "true" || value === "false")) return value === "true";
  return value;
}
