/**
 * One iterative, bounded walk over a parsed JSON body: enforces the input-validation limits
 * (message count, string length, nesting depth, items per array or object) and hands every text
 * string to an optional scanner (injection detection). Errors name the field path
 * (`messages[3].content`) in OpenAI's words.
 */
import { errors } from "../../server/errors.ts";

export interface JsonLimits {
  maxMessages: number;
  maxStringLength: number;
  maxDepth: number;
  maxItems: number;
}

/** Called with each text string (not binary blobs) and its path; throws to reject. */
export type TextScanner = (text: string, path: () => string, isKey: boolean) => void;

interface PathNode {
  readonly parent: PathNode | null;
  readonly key: string | number;
}

interface Frame {
  readonly value: unknown;
  readonly depth: number;
  readonly node: PathNode | null;
  /** The frame is the key of `node` (checked just before its value, in document order). */
  readonly isKey?: true;
}

export function inspectJson(
  body: Record<string, unknown>,
  limits: JsonLimits | null,
  scan: TextScanner | null,
): void {
  if (limits) checkMessageCount(body, limits.maxMessages);
  const stack: Frame[] = [{ value: body, depth: 0, node: null }];
  while (stack.length > 0) {
    const { value, depth, node, isKey } = stack.pop()!;
    if (isKey) {
      const key = value as string;
      if (limits && key.length > limits.maxStringLength) {
        throw errors.inputTooLong(pathOf(node), "string", limits.maxStringLength, key.length);
      }
      if (scan) scan(key, () => pathOf(node), true);
      continue;
    }
    if (typeof value === "string") {
      if (isBinaryBlob(value, node?.key)) continue;
      if (limits && value.length > limits.maxStringLength) {
        throw errors.inputTooLong(pathOf(node), "string", limits.maxStringLength, value.length);
      }
      if (scan) scan(value, () => pathOf(node), false);
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    const childDepth = depth + 1;
    if (limits && childDepth > limits.maxDepth) {
      throw errors.inputTooDeep(pathOf(node), limits.maxDepth);
    }
    if (Array.isArray(value)) {
      if (limits && value.length > limits.maxItems) {
        throw errors.inputTooLong(pathOf(node), "array", limits.maxItems, value.length);
      }
      // Pushed in reverse so strings are scanned in document order.
      for (let i = value.length - 1; i >= 0; i--) {
        stack.push({ value: value[i], depth: childDepth, node: { parent: node, key: i } });
      }
      continue;
    }
    const keys = Object.keys(value);
    if (limits && keys.length > limits.maxItems) {
      throw errors.inputTooManyKeys(pathOf(node) || "body", limits.maxItems, keys.length);
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const child: PathNode = { parent: node, key };
      stack.push({
        value: (value as Record<string, unknown>)[key],
        depth: childDepth,
        node: child,
      });
      stack.push({ value: key, depth: childDepth, node: child, isKey: true });
    }
  }
}

/** Chat `messages`, and Responses `input` when it is a list of items (not strings or tokens). */
function checkMessageCount(body: Record<string, unknown>, max: number): void {
  for (const key of ["messages", "input"]) {
    const list = body[key];
    if (!Array.isArray(list) || list.length <= max) continue;
    const first = list[0];
    const isItems = key === "messages" ||
      (typeof first === "object" && first !== null && !Array.isArray(first));
    if (isItems) throw errors.inputTooLong(key, "array", max, list.length);
  }
}

/** Fields whose value is raw base64 (input_audio.data, file_data, b64_json). */
const BASE64_FIELDS = new Set(["data", "file_data", "b64_json"]);

/**
 * Base64 media (data: URIs of images, audio, files anywhere; raw base64 in the fields above) is
 * bounded by the request size, not checked as text. Text-like data: URIs (html, javascript, xml,
 * svg, text/*) are text.
 */
export function isBinaryBlob(value: string, key?: string | number): boolean {
  if (value.length < 256) return false;
  const dataUri = /^data:([\w.+-]+\/[\w.+-]+)(?:;[\w.+-]+=[^;,]*)*;base64,/.exec(value);
  if (dataUri) return !/^text\/|html|javascript|xml|svg/i.test(dataUri[1]);
  return typeof key === "string" && BASE64_FIELDS.has(key) &&
    /^[A-Za-z0-9+/=_\-\r\n]+$/.test(value);
}

export function pathOf(node: PathNode | null): string {
  const parts: Array<string | number> = [];
  for (let n = node; n; n = n.parent) parts.push(n.key);
  let out = "";
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i];
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? part : `.${part}`;
  }
  return out;
}
