/**
 * What a request is charged up front, as OpenAI does: 1 request, and — on the endpoints that
 * consume tokens — the estimated prompt tokens plus the most output tokens the request allows.
 * The prompt estimate is deliberately cheap, like OpenAI's own: the JSON body's length / 4
 * (no tokenizer on the admission path). The charge is settled against the real usage when the
 * request ends.
 */
import { type JsonBody, readJsonBodyWithLength } from "../../server/body.ts";

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

/**
 * Reads the body through the shared per-request parse (the route reuses it). A body the route
 * will refuse (not JSON, too large, wrong type) is charged nothing here; the route answers.
 */
export async function estimateCharge(
  request: Request,
  path: string,
  maxBytes: number,
): Promise<Charge> {
  if (request.method !== "POST" || !TOKEN_METERED_PATHS.has(path)) return NOT_METERED;
  let parsed: JsonBody;
  try {
    parsed = await readJsonBodyWithLength(request, maxBytes);
  } catch {
    return { ...NOT_METERED, metered: true };
  }
  const fields = parsed.body;
  return {
    tokens: Math.ceil(parsed.length / 4) + outputAllowance(fields),
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
