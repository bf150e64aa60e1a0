/**
 * The multipart endpoints: /v1/audio/transcriptions and /translations (a WAV upload, its text
 * fields, damaged audio headers) and /v1/files (purposes, expiry, JSONL checks).
 */
import { encodeWav } from "../../src/codecs/wav.ts";
import { bytes, utf8 } from "./fuzz_case.ts";
import type { FormEndpoint } from "./fuzz_multipart.ts";

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

/** WAV header fields to damage: [name, byte offset, value, width]. */
const DAMAGED_WAV: Array<[string, number, number, number]> = [
  ["channels 0", 22, 0, 2],
  ["channels 65535", 22, 65535, 2],
  ["rate 0", 24, 0, 4],
  ["rate 1", 24, 1, 4],
  ["rate 2^32-1", 24, 0xffffffff, 4],
  ["byte rate 0", 28, 0, 4],
  ["block align 0", 32, 0, 2],
  ["bits 0", 34, 0, 2],
  ["data size 2^32-1", 40, 0xffffffff, 4],
  ["format 0xfffe", 20, 0xfffe, 2],
];

const FILE_VARIANTS: FormEndpoint["files"] = [
  ["missing", null, "400"],
  ["a text field", "not a file", "400"],
  ["empty", { filename: "a.wav", data: new Uint8Array() }, "400"],
  ["garbage .bin", { filename: "a.bin", data: utf8("garbage ".repeat(20)) }, "400"],
  ["odd content-type", { filename: "a.wav", type: "application/x-evil", data: AUDIO }, "2xx"],
  ["path in the name", { filename: "../../etc/passwd.wav", data: AUDIO }, "2xx"],
  ["unicode name", { filename: "\u00e9t\u00e9 \u{1F99C}.wav", data: AUDIO }, "2xx"],
  ["long name", { filename: `${"n".repeat(3000)}.wav`, data: AUDIO }, "2xx"],
  // A header that lies (a zero rate, channels or sample size, a data size past the end, a
  // format it does not name): a best-effort duration or a 400 are both right answers.
  ...DAMAGED_WAV.map(([name, offset, value, width]): FormEndpoint["files"][number] => {
    const data = AUDIO.slice();
    const view = new DataView(data.buffer);
    if (width === 2) view.setUint16(offset, value, true);
    else view.setUint32(offset, value, true);
    return [`wav ${name}`, { filename: "a.wav", data }, "2xx|400"];
  }),
  ["mp3 frame headers only", {
    filename: "a.mp3",
    data: bytes(...Array(10).fill([0xff, 0xfb, 0x90, 0x00])),
  }, "2xx|400"],
  [
    "ID3 tag only",
    { filename: "a.mp3", data: bytes("ID3", [4, 0, 0, 0x7f, 0x7f, 0x7f, 0x7f]) },
    "2xx|400",
  ],
  ["fLaC marker only", { filename: "a.flac", data: bytes("fLaC", [0, 0, 0, 0x22]) }, "2xx|400"],
  [
    "OggS page header only",
    { filename: "a.ogg", data: bytes("OggS", new Uint8Array(60)) },
    "2xx|400",
  ],
  ["mp4 box claiming 2^63 bytes", {
    filename: "a.mp4",
    data: bytes([0, 0, 0, 1], "mdat", [0x80, 0, 0, 0, 0, 0, 0, 0]),
  }, "2xx|400"],
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
