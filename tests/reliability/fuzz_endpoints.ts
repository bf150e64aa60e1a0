/**
 * The JSON endpoints the fuzzer mutates: a small valid body each, and for every field the Kind
 * that says which values keep the request valid. Kinds follow the API reference (and FakeAI's
 * documented choices), not the implementation; where both answers are right the Kind says so.
 * The endpoints themselves are in the fuzz_endpoints_*.ts files.
 */
import {
  anyOf,
  anything,
  arrayOf,
  bool,
  int,
  isObject,
  type Kind,
  nullish,
  num,
  record,
  str,
} from "./fuzz_values.ts";

export interface FieldSpec {
  path: ReadonlyArray<string | number>;
  kind: Kind;
  /** Values worth trying on this field besides the shared pool (enum members, near misses). */
  extras?: readonly unknown[];
}

export interface JsonEndpoint {
  name: string;
  path: string;
  base: Record<string, unknown>;
  /** The answer to a valid body: "2xx", or "404" when the base names a missing resource. */
  okStatus: string;
  /** A further check of a 2xx body (a streamed answer runs to its end). */
  check?: (body: string, contentType: string) => string | null;
  fields: readonly FieldSpec[];
}

/** A field by its dotted path ("messages.0.content"). */
export const f = (path: string, kind: Kind, extras?: readonly unknown[]): FieldSpec => ({
  path: path.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
  kind,
  extras,
});

export const penalty = nullish(num(-2, 2));
export const stop = nullish(anyOf(str(), arrayOf(str(), 0, 4)));
export const metadata = nullish(record(str()));
export const seed = nullish(int());
const textPart = (v: unknown) => isObject(v) && v.type === "text" && typeof v.text === "string";
/** A user message's content: text, or text parts. */
export const userContent: Kind = (v) =>
  typeof v === "string" || (Array.isArray(v) && v.every(textPart)) ? "ok" : "bad";
/** Only with stream: true, so any value is refused on a non-streamed base. */
export const streamOptions: Kind = (v) => (v == null ? "ok" : "bad");
const nvext = nullish((v) =>
  isObject(v) && (v.ignore_eos === undefined || typeof v.ignore_eos === "boolean") &&
    (v.min_tokens === undefined || int(0)(v.min_tokens) === "ok")
    ? "ok"
    : "bad"
);
/** vLLM's and NIM's length controls, on every generating endpoint. */
export const benchmark = [
  f("ignore_eos", nullish(bool)),
  f("min_tokens", nullish(int(0))),
  f("nvext", nvext, [{ ignore_eos: true }, { min_tokens: -1 }]),
];
export const UNKNOWN = f("zz_unknown_field", anything);
/** Model ids worth trying besides the pool (with the inherited names every field gets). */
export const MODEL_EXTRAS = ["gpt-4o", "hasOwnProperty", "valueOf"];
export const USER = { role: "user", content: "Hi" };
/** gpt-4o's output limit: larger max tokens are a 400. */
export const OUTPUT_LIMIT = 16_384;
/** A token id every tokenizer here knows. */
export const tokenId = int(0, 100_000);

export const textOptions: Kind = (v) =>
  isObject(v) &&
    (v.format === undefined ||
      (isObject(v.format) && ["text", "json_object"].includes(v.format.type as string))) &&
    (v.verbosity == null || typeof v.verbosity === "string")
    ? "ok"
    : "bad";
