/**
 * The JSON body check of POST /v1/* requests: input-validation limits and injection detection in
 * one walk. Text is scanned newest first (the end of the body is where the latest user turn is)
 * and at most SCAN_BUDGET characters per request, so a long-context prompt costs a bounded time.
 */
import type { BodyInspector } from "../../server/body_inspection.ts";
import { errors } from "../../server/errors.ts";
import {
  CATEGORY_DESCRIPTIONS,
  detectInjection,
  type Detection,
  detectOperatorKey,
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
      const found = detectInjection(text.length > budget ? headAndTail(text, budget) : text);
      budget -= text.length;
      if (found) throw reject(found, at());
    }
  };
}

function headAndTail(text: string, budget: number): string {
  const half = Math.floor(budget / 2);
  return `${text.slice(0, half)}\n${text.slice(text.length - half)}`;
}
