/**
 * Multipart cases (the endpoints are in fuzz_forms.ts): text fields with bad values, a missing or
 * wrong file part, and damaged framing (no boundary, a different boundary, truncation, no closing
 * delimiter, the wrong content type).
 */
import type { Prng } from "../../src/util/prng.ts";
import { bytes, cutPoints, type FuzzCase, utf8 } from "./fuzz_case.ts";

export type Part = [
  name: string,
  value: string | { filename: string; type?: string; data: Uint8Array },
];

const BOUNDARY = "fuzzBoundary7MA4YWxkTrZu0gW";

export function multipart(parts: readonly Part[], boundary = BOUNDARY): Uint8Array {
  const pieces: Array<string | Uint8Array> = [];
  for (const [name, value] of parts) {
    pieces.push(`--${boundary}\r\n`);
    if (typeof value === "string") {
      pieces.push(`content-disposition: form-data; name="${name}"\r\n\r\n`, value, "\r\n");
    } else {
      pieces.push(
        `content-disposition: form-data; name="${name}"; filename="${value.filename}"\r\n`,
        `content-type: ${value.type ?? "application/octet-stream"}\r\n\r\n`,
        value.data,
        "\r\n",
      );
    }
  }
  pieces.push(`--${boundary}--\r\n`);
  return bytes(...pieces);
}

export interface FormEndpoint {
  name: string;
  path: string;
  base: Part[];
  /** Text field → [value, expected][] */
  fields: Record<string, Array<[string, string]>>;
  /** File part variants → expected */
  files: Array<[string, Part[1] | null, string]>;
}

const EXPIRY: Array<[string, string, string]> = [
  ["3600", "created_at", "2xx"],
  ["1e4", "created_at", "2xx"],
  ["3599", "created_at", "400"],
  ["2592001", "created_at", "400"],
  ["abc", "created_at", "400"],
  ["", "created_at", "400"],
  ["3600", "x", "400"],
];

export function formCases(endpoint: FormEndpoint, prng: Prng, maxBytes: number): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const add = (
    name: string,
    body: Uint8Array,
    expect: string,
    type = `multipart/form-data; boundary=${BOUNDARY}`,
  ) =>
    cases.push({
      id: `${endpoint.name} ${name}`,
      method: "POST",
      target: endpoint.path,
      headers: type === "" ? [] : [["content-type", type]],
      body,
      expect,
    });
  const fileLast = (
    extra: Part[],
  ) => [
    ...endpoint.base.filter(([n]) => n !== "file"),
    ...extra,
    endpoint.base.find(([n]) => n === "file")!,
  ];
  add("valid", multipart(endpoint.base), "2xx");
  for (const [field, values] of Object.entries(endpoint.fields)) {
    for (const [value, expect] of values) {
      const parts = endpoint.base.some(([n]) => n === field)
        ? endpoint.base.map(([n, v]): Part => [n, n === field ? value : v])
        : fileLast([[field, value]]);
      add(`${field}=${JSON.stringify(value).slice(0, 30)}`, multipart(parts), expect);
    }
    if (endpoint.base.some(([n]) => n === field)) {
      add(`${field} left out`, multipart(endpoint.base.filter(([n]) => n !== field)), "400");
      add(
        `${field} as a file`,
        multipart(
          endpoint.base.map((
            [n, v],
          ): Part => [n, n === field ? { filename: "x.txt", data: utf8(String(v)) } : v]),
        ),
        "400",
      );
    }
  }
  if (endpoint.name === "files") {
    for (const [seconds, anchor, expect] of EXPIRY) {
      add(
        `expires_after ${anchor} ${seconds}`,
        multipart(
          fileLast([["expires_after[anchor]", anchor], ["expires_after[seconds]", seconds]]),
        ),
        expect,
      );
    }
  }
  for (const [name, file, expect] of endpoint.files) {
    const parts = endpoint.base.filter(([n]) => n !== "file");
    add(`file ${name}`, multipart(file === null ? parts : [...parts, ["file", file]]), expect);
  }
  const valid = multipart(endpoint.base);
  add("no boundary parameter", valid, "400", "multipart/form-data");
  add("another boundary", valid, "400", "multipart/form-data; boundary=somethingElse");
  add("quoted boundary", valid, "2xx", `multipart/form-data; boundary="${BOUNDARY}"`);
  add("no content-type", valid, "400", "");
  add("content-type text/plain", valid, "400", "text/plain");
  add("a JSON body", utf8('{"model":"whisper-1","purpose":"batch"}'), "400", "application/json");
  add("empty body", new Uint8Array(), "400");
  add("only the closing delimiter", utf8(`--${BOUNDARY}--\r\n`), "400");
  add("no closing delimiter", valid.subarray(0, valid.byteLength - BOUNDARY.length - 6), "400");
  add("LF line endings", utf8(new TextDecoder().decode(valid).replaceAll("\r\n", "\n")), "400");
  for (const at of cutPoints(prng, valid.byteLength - BOUNDARY.length - 8, 3)) {
    add(`truncated at ${at}`, valid.subarray(0, at), "400");
  }
  add(
    "part without content-disposition",
    bytes(`--${BOUNDARY}\r\ncontent-type: text/plain\r\n\r\nx\r\n`, valid),
    "2xx",
  );
  const big = { filename: "big.wav", data: new Uint8Array(maxBytes) };
  add(
    "body over the limit",
    multipart([...endpoint.base.filter(([n]) => n !== "file"), ["file", big]]),
    "413",
  );
  return cases;
}
