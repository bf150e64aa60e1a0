/** Reads a JSON request body with a size limit enforced while reading (never buffering more). */
import { runBodyInspector } from "./body_inspection.ts";
import { ApiError, errors } from "./errors.ts";

export async function readJsonBody(
  request: Request,
  maxBytes: number,
): Promise<Record<string, unknown>> {
  const contentType = request.headers.get("content-type");
  if (contentType !== null && !isJsonContentType(contentType)) {
    throw errors.unsupportedMediaType(contentType);
  }
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw errors.payloadTooLarge(maxBytes);
  // With a declared length within the limit the HTTP layer bounds the body: read it whole.
  const text = declared !== null
    ? await readText(request)
    : new TextDecoder().decode(await readLimited(request, maxBytes));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw errors.invalidJson();
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw errors.bodyNotObject();
  }
  runBodyInspector(request, parsed as Record<string, unknown>);
  return parsed as Record<string, unknown>;
}

async function readText(request: Request): Promise<string> {
  try {
    return await request.text();
  } catch {
    throw new ApiError(400, "invalid_request_error", "The request body could not be read.");
  }
}

function isJsonContentType(value: string): boolean {
  const mime = value.split(";")[0].trim().toLowerCase();
  return mime === "application/json" || mime.endsWith("+json") || mime === "text/json";
}

/** The raw body, at most maxBytes (413 beyond, detected while reading). */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw errors.payloadTooLarge(maxBytes);
  return await readLimited(request, maxBytes);
}

async function readLimited(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let result: ReadableStreamReadResult<Uint8Array>;
    try {
      result = await reader.read();
    } catch {
      throw new ApiError(400, "invalid_request_error", "The request body could not be read.");
    }
    if (result.done) break;
    total += result.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw errors.payloadTooLarge(maxBytes);
    }
    chunks.push(result.value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
