/**
 * Multipart cases for /v1/audio/transcriptions, /v1/audio/translations and /v1/files: text
 * fields with bad values, a missing or wrong file part, and damaged framing (no boundary, a
 * different boundary, truncation, no closing delimiter, the wrong content type).
 */
import type { Prng } from "../../src/util/prng.ts";
import { encodeWav } from "../../src/codecs/wav.ts";
import { bytes, cutPoints, type FuzzCase, utf8 } from "./fuzz_case.ts";

type Part = [name: string, value: string | { filename: string; type?: string; data: Uint8Array }];

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

interface FormEndpoint {
  name: string;
  path: string;
  base: Part[];
  /** Text field → [value, expected][] */
  fields: Record<string, Array<[string, string]>>;
  /** File part variants → expected */
  files: Array<[string, Part[1] | null, string]>;
}

/** Half a second of 8 kHz silence. */
const AUDIO = encodeWav(new Int16Array(4000), 8000);
const TRANSCRIPTION_FIELDS: FormEndpoint["fields"] = {
  model: [["", "400"], ["gpt-4o-transcribe", "2xx"], ["constructor", "2xx"], [
    "x".repeat(2000),
    "2xx",
  ]],
  language: [["en", "2xx"], ["xx", "400"], ["", "2xx"], ["constructor", "400"], [
    "__proto__",
    "400",
  ], ["toString", "400"]],
  prompt: [["", "2xx"], ["\u{1F99C}".repeat(500), "2xx"]],
  response_format: [
    ["text", "2xx"],
    ["srt", "2xx"],
    ["vtt", "2xx"],
    ["verbose_json", "2xx"],
    ["diarized_json", "400"],
    ["xml", "400"],
    ["", "400"],
    ["constructor", "400"],
  ],
  temperature: [
    ["0.5", "2xx"],
    [" 1 ", "2xx"],
    ["1.5", "400"],
    ["-1", "400"],
    ["abc", "400"],
    ["", "400"],
    ["NaN", "400"],
    ["Infinity", "400"],
    ["1e308", "400"],
  ],
  "timestamp_granularities[]": [["word", "2xx"], ["segment", "2xx"], ["x", "400"], ["", "400"]],
  "include[]": [["logprobs", "2xx"], ["x", "400"]],
  stream: [["true", "2xx"], ["false", "2xx"], ["1", "400"], ["", "400"]],
  zz_unknown: [["x", "2xx"]],
};

const FILE_VARIANTS: FormEndpoint["files"] = [
  ["missing", null, "400"],
  ["a text field", "not a file", "400"],
  ["empty", { filename: "a.wav", data: new Uint8Array() }, "400"],
  ["garbage .bin", { filename: "a.bin", data: utf8("garbage ".repeat(20)) }, "400"],
  ["odd content-type", { filename: "a.wav", type: "application/x-evil", data: AUDIO }, "2xx"],
  ["path in the name", { filename: "../../etc/passwd.wav", data: AUDIO }, "2xx"],
  ["unicode name", { filename: "\u00e9t\u00e9 \u{1F99C}.wav", data: AUDIO }, "2xx"],
  ["long name", { filename: `${"n".repeat(3000)}.wav`, data: AUDIO }, "2xx"],
];

export const TRANSCRIPTIONS: FormEndpoint = {
  name: "transcriptions",
  path: "/v1/audio/transcriptions",
  base: [["model", "whisper-1"], ["file", { filename: "a.wav", type: "audio/wav", data: AUDIO }]],
  fields: TRANSCRIPTION_FIELDS,
  files: FILE_VARIANTS,
};

export const TRANSLATIONS: FormEndpoint = {
  name: "translations",
  path: "/v1/audio/translations",
  base: TRANSCRIPTIONS.base,
  fields: {
    ...TRANSCRIPTION_FIELDS,
    // Translations are always English: the language is not read.
    language: [["xx", "2xx"], ["constructor", "2xx"]],
    response_format: [["text", "2xx"], ["diarized_json", "400"], ["xml", "400"]],
  },
  files: FILE_VARIANTS,
};

const JSONL = utf8('{"custom_id":"1","method":"POST","url":"/v1/chat/completions","body":{}}\n');

export const FILES: FormEndpoint = {
  name: "files",
  path: "/v1/files",
  base: [["purpose", "batch"], ["file", { filename: "in.jsonl", data: JSONL }]],
  fields: {
    purpose: [
      ["assistants", "2xx"],
      ["fine-tune", "2xx"],
      ["user_data", "2xx"],
      ["", "400"],
      ["BATCH", "400"],
      ["batch_output", "400"],
      ["constructor", "400"],
      ["__proto__", "400"],
    ],
    "expires_after[anchor]": [["created_at", "400"], ["x", "400"]], // without seconds
    "expires_after[seconds]": [["3600", "400"]], // without an anchor
    zz_unknown: [["x", "2xx"]],
  },
  files: [
    ["missing", null, "400"],
    ["a text field", "not a file", "400"],
    ["empty", { filename: "in.jsonl", data: new Uint8Array() }, "400"],
    ["not JSONL", { filename: "in.jsonl", data: utf8("not json\n") }, "400"],
    ["a JSON array line", { filename: "in.jsonl", data: utf8("[1]\n") }, "400"],
    ["blank lines first", { filename: "in.jsonl", data: utf8("\n\n{}\n") }, "2xx"],
    ["a .txt name", { filename: "in.txt", data: JSONL }, "400"],
    ["an upper-case .JSONL name", { filename: "IN.JSONL", data: JSONL }, "2xx"],
    ["invalid UTF-8", { filename: "in.jsonl", data: bytes('{"a":"', [0xff, 0xfe], '"}\n') }, "2xx"],
  ],
};

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
