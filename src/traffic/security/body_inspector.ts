/**
 * The JSON body check of POST /v1/* requests: input-validation limits and injection detection in
 * one walk. Text is scanned newest first (the end of the body is where the latest user turn is)
 * and at most SCAN_BUDGET characters per request, so a long-context prompt costs a bounded time.
 * Where a text sits decides what it can do (sourceOf): the model's own earlier turns are not
 * checked, and the developer's instructions only for payloads.
 */
import type { BodyInspector } from "../../server/body_inspection.ts";
import { errors } from "../../server/errors.ts";
import {
  CATEGORY_DESCRIPTIONS,
  detectInjection,
  type Detection,
  detectOperatorKey,
  type TextSource,
} from "./injection_detector.ts";
import { inspectJson, type JsonLimits } from "./json_limits.ts";

/** Characters of text scanned per request (about 60k tokens; ~50 ms). */
export const SCAN_BUDGET = 262_144;

/** The moderation endpoint classifies hostile text by design: no injection check there. */
const NO_INJECTION_CHECK = new Set(["/v1/moderations"]);

interface Text {
  text: string;
  path: () => string;
}

export function bodyInspectorFor(
  path: string,
  limits: JsonLimits | null,
  injectionDetection: boolean,
): BodyInspector | null {
  const detect = injectionDetection && !NO_INJECTION_CHECK.has(path);
  if (!limits && !detect) return null;
  const reject = (found: Detection, at: string) =>
    errors.injectionDetected(at, CATEGORY_DESCRIPTIONS[found.category]);
  return (body) => {
    const texts: Text[] = [];
    inspectJson(
      body,
      limits,
      detect
        ? (text, at, isKey) => {
          if (!isKey) texts.push({ text, path: at });
          else {
            const found = detectOperatorKey(text);
            if (found) throw reject(found, at());
          }
        }
        : null,
    );
    let budget = SCAN_BUDGET;
    for (let i = texts.length - 1; i >= 0 && budget > 0; i--) {
      const { text, path: at } = texts[i];
      const scanned = text.length > budget ? headAndTail(text, budget) : text;
      budget -= text.length;
      const found = detectInjection(scanned);
      if (!found) continue;
      // Rare: only now the path, and who wrote the text.
      const path = at();
      const source = sourceOf(body, path);
      const confirmed = source === "input" ? found : source && detectInjection(scanned, source);
      if (confirmed) throw reject(confirmed, path);
    }
  };
}

const INSTRUCTION_FIELDS = new Set([
  "instructions",
  "tools",
  "functions",
  "response_format",
  "text",
]);
const INSTRUCTION_ROLES = new Set(["system", "developer"]);
const MODEL_OUTPUT_ITEMS = new Set(["function_call", "reasoning"]);

/**
 * Who wrote the text at `path`: the developer's instructions (system and developer turns,
 * Responses `instructions`, tool definitions, response formats), the model (assistant turns and
 * its function calls: null, never checked: an earlier answer that explains an attack is sent
 * again with every later turn), or the client's input (everything else, tool results included).
 */
function sourceOf(body: Record<string, unknown>, path: string): TextSource | null {
  const top = /^(\w+)(?:\[(\d+)\])?/.exec(path);
  if (!top) return "input";
  if (INSTRUCTION_FIELDS.has(top[1])) return "instructions";
  if ((top[1] !== "messages" && top[1] !== "input") || top[2] === undefined) return "input";
  const list = body[top[1]];
  const item = Array.isArray(list) ? list[Number(top[2])] : undefined;
  if (typeof item !== "object" || item === null) return "input";
  const { role, type } = item as { role?: unknown; type?: unknown };
  if (role === "assistant" || MODEL_OUTPUT_ITEMS.has(type as string)) return null;
  return INSTRUCTION_ROLES.has(role as string) ? "instructions" : "input";
}

function headAndTail(text: string, budget: number): string {
  const half = Math.floor(budget / 2);
  return `${text.slice(0, half)}\n${text.slice(text.length - half)}`;
}
