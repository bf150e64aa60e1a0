/** Reads a JSON request body with a size limit enforced while reading (never buffering more). */
import { runBodyInspector } from "./body_inspection.ts";
import { errors } from "./errors.ts";

export interface JsonBody {
  body: Record<string, unknown>;
  /** Length of the body text in UTF-16 units (a cheap size for estimates). */
  length: number;
}

/**
 * The request's JSON body, read and parsed once per request however many readers ask (the rate
 * limiter estimates from it before the route reads it); failures repeat for every reader.
 */
const parsedBodies = new WeakMap<Request, Promise<JsonBody>>();

export async function readJsonBody(
  request: Request,
  maxBytes: number,
): Promise<Record<string, unknown>> {
  return (await readJsonBodyWithLength(request, maxBytes)).body;
}

export function readJsonBodyWithLength(request: Request, maxBytes: number): Promise<JsonBody> {
  let pending = parsedBodies.get(request);
  if (!pending) {
    pending = parseJsonBody(request, maxBytes);
    parsedBodies.set(request, pending);
  }
  return pending;
}

async function parseJsonBody(request: Request, maxBytes: number): Promise<JsonBody> {
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
  return { body: parsed as Record<string, unknown>, length: text.length };
}

async function readText(request: Request): Promise<string> {
  try {
    return await request.text();
  } catch {
    throw errors.bodyUnreadable();
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
      throw errors.bodyUnreadable();
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
