/**
 * What a request is charged up front, as OpenAI does: 1 request, and — on the endpoints that
 * consume tokens — the estimated prompt tokens plus the most output tokens the request allows.
 * The prompt estimate is deliberately cheap, like OpenAI's own: the JSON body's byte length / 4
 * (no tokenizer on the admission path). The charge is settled against the real usage when the
 * request ends.
 */

/** Endpoints whose usage counts against the tokens-per-minute limit. */
export const TOKEN_METERED_PATHS: ReadonlySet<string> = new Set([
  "/v1/chat/completions",
  "/v1/completions",
  "/v1/responses",
  "/v1/embeddings",
]);

export interface Charge {
  tokens: number;
  /** The request's model, for the 429 message. */
  model: string | null;
  /** Whether the tokens are settled against the usage the route reports. */
  metered: boolean;
}

const NOT_METERED: Charge = { tokens: 0, model: null, metered: false };

/** Reads a copy of the body (the route still reads the original). */
export async function estimateCharge(
  request: Request,
  path: string,
  maxBytes: number,
): Promise<Charge> {
  if (request.method !== "POST" || !TOKEN_METERED_PATHS.has(path)) return NOT_METERED;
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) return { ...NOT_METERED, metered: true };
  const bytes = await readCopy(request, maxBytes);
  // Oversized or unreadable: the route answers 413/400 and nothing is consumed.
  if (bytes === null) return { ...NOT_METERED, metered: true };
  let body: unknown = null;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch { /* the route answers 400; the estimate stays the byte count */ }
  const fields = typeof body === "object" && body !== null && !Array.isArray(body)
    ? body as Record<string, unknown>
    : {};
  return {
    tokens: Math.ceil(bytes.byteLength / 4) + outputAllowance(fields),
    model: typeof fields.model === "string" && fields.model !== "" ? fields.model : null,
    metered: true,
  };
}

/** max_completion_tokens ?? max_tokens ?? max_output_tokens, times n choices; 0 when unset. */
export function outputAllowance(body: Record<string, unknown>): number {
  const max = [body.max_completion_tokens, body.max_tokens, body.max_output_tokens]
    .find((v) => typeof v === "number" && Number.isInteger(v) && v > 0) as number | undefined;
  if (max === undefined) return 0;
  const n = typeof body.n === "number" && Number.isInteger(body.n) && body.n > 1 ? body.n : 1;
  return max * n;
}

async function readCopy(request: Request, maxBytes: number): Promise<Uint8Array | null> {
  if (!request.body) return new Uint8Array();
  const reader = request.clone().body!.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        return null;
      }
      chunks.push(value);
    }
  } catch {
    return null;
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
