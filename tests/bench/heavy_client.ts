/**
 * The heavy requests of the `freeze` benchmark, sent one after another from a process of their
 * own (fetch: this client's cost does not matter, only what the requests cost the server):
 *
 *   deno run -A tests/bench/heavy_client.ts '{"url":"http://127.0.0.1:PORT","repeat":1}'
 *
 * Every body is built before the first request. Prints one JSON line: each request's kind, its
 * wall-clock window (performance.timeOrigin + now, comparable between processes), its HTTP status
 * and the size of its response.
 */

export interface HeavyOptions {
  url: string;
  /** Which kinds, in this order (default: all of HEAVY_KINDS). */
  kinds?: string[];
  /** Rounds over the kinds. */
  repeat?: number;
  /** Quiet time after each request, so that each disturbance stays with its own request. */
  pauseMs?: number;
  /** Words of the speech requests (default 400). */
  speechWords?: number;
}

interface Heavy {
  path: string;
  headers?: Record<string, string>;
  body: (o: HeavyOptions) => string | FormData;
}

/** No waiting on the server's side: these requests measure work, not simulated latency. */
const NO_DELAY = {
  "x-fakeai-ttft-ms": "0",
  "x-fakeai-itl-ms": "0",
  "x-fakeai-response-delay-ms": "0",
};

/** Deterministic xorshift32 in [0, 1). */
function prng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const WORDS = (
  "the a river morning quiet engineer measured every signal before the long night began and " +
  "nobody expected that the small server would keep its promise while thousands of tokens " +
  "flowed through narrow wires across distant valleys under silver clouds"
).split(" ");

function words(count: number, seed: number): string {
  const r = prng(seed);
  return Array.from({ length: count }, () => WORDS[Math.floor(r() * WORDS.length)]).join(" ");
}

/** `length` lowercase letters and digits without a single space: one pre-token for the BPE. */
function noSpaces(length: number): string {
  const r = prng(7);
  const abc = "abcdefghijklmnopqrstuvwxyz0123456789";
  let s = "";
  for (let i = 0; i < length; i++) s += abc[Math.floor(r() * abc.length)];
  return s;
}

/** A 16 kHz mono 16-bit PCM WAV with `dataBytes` of a quiet two-tone signal. */
function wav(dataBytes: number): Uint8Array {
  const bytes = new Uint8Array(44 + dataBytes);
  const v = new DataView(bytes.buffer);
  const ascii = (at: number, s: string) =>
    [...s].forEach((c, i) => v.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, "RIFF");
  v.setUint32(4, 36 + dataBytes, true);
  ascii(8, "WAVEfmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, 1, true); // mono
  v.setUint32(24, 16000, true);
  v.setUint32(28, 32000, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  ascii(36, "data");
  v.setUint32(40, dataBytes, true);
  for (let i = 0; i < dataBytes / 2; i++) {
    const t = i / 16000;
    v.setInt16(44 + i * 2, 3000 * Math.sin(2 * Math.PI * 220 * t) + 1000 * Math.sin(9 * t), true);
  }
  return bytes;
}

const chat = (extra: Record<string, unknown>) => () =>
  JSON.stringify({ model: "gpt-4o", max_tokens: 16, ...extra });

/** The heavy kinds. Sizes: within OpenAI's own limits (4,096-character speech input, 25 MiB
 * uploads); the speech is 400 words (by default) at speed 0.25: over ten minutes of audio. */
export const HEAVY: Record<string, Heavy> = {
  tokenize_200k: {
    path: "/v1/chat/completions",
    headers: { ...NO_DELAY, "x-fakeai-output-tokens": "16" },
    body: chat({ messages: [{ role: "user", content: noSpaces(200_000) }] }),
  },
  speech_mp3: {
    path: "/v1/audio/speech",
    body: (o) =>
      JSON.stringify({
        model: "tts-1",
        voice: "alloy",
        input: words(o.speechWords ?? 400, 1),
        speed: 0.25,
        response_format: "mp3",
      }),
  },
  speech_wav: {
    path: "/v1/audio/speech",
    body: (o) =>
      JSON.stringify({
        model: "tts-1",
        voice: "alloy",
        input: words(o.speechWords ?? 400, 2),
        speed: 0.25,
        response_format: "wav",
      }),
  },
  chat_4mb_json: {
    path: "/v1/chat/completions",
    headers: { ...NO_DELAY, "x-fakeai-output-tokens": "16" },
    body: chat({
      model: "gpt-4.1",
      messages: Array.from({ length: 1000 }, (_, i) => ({
        role: i % 2 === 0 ? "user" : "assistant",
        content: words(700, 100 + i),
      })),
    }),
  },
  n16_4096: {
    path: "/v1/chat/completions",
    headers: NO_DELAY,
    body: chat({
      messages: [{ role: "user", content: "Write as much as you can." }],
      n: 16,
      max_tokens: 4096,
      ignore_eos: true,
    }),
  },
  transcribe_24mb_wav: {
    path: "/v1/audio/transcriptions",
    body: () => {
      const form = new FormData();
      form.append("model", "whisper-1");
      form.append("response_format", "verbose_json");
      form.append("timestamp_granularities[]", "word");
      form.append("timestamp_granularities[]", "segment");
      const file = wav(24_000_000) as Uint8Array<ArrayBuffer>;
      form.append("file", new Blob([file], { type: "audio/wav" }), "long.wav");
      return form;
    },
  },
  image_1792x1024: {
    path: "/v1/images/generations",
    headers: { "x-fakeai-response-delay-ms": "0" },
    body: () =>
      JSON.stringify({
        model: "dall-e-3",
        prompt: "A lighthouse on a cliff at dawn, oil painting",
        size: "1792x1024",
        quality: "hd",
        response_format: "b64_json",
      }),
  },
};

export const HEAVY_KINDS = Object.keys(HEAVY);

const wall = () => performance.timeOrigin + performance.now();

async function run(o: HeavyOptions) {
  const kinds = o.kinds ?? HEAVY_KINDS;
  const unknown = kinds.filter((k) => !(k in HEAVY));
  if (unknown.length) throw new Error(`unknown heavy kinds: ${unknown.join(", ")}`);
  const bodies = new Map(kinds.map((k) => [k, HEAVY[k].body(o)]));
  const sizes = Object.fromEntries(
    kinds.map((k) => {
      const b = bodies.get(k)!;
      return [k, typeof b === "string" ? new TextEncoder().encode(b).length : NaN];
    }),
  );
  const requests = [];
  for (let round = 0; round < (o.repeat ?? 1); round++) {
    for (const kind of kinds) {
      const { path, headers } = HEAVY[kind];
      const start = wall();
      let status = 0, bytes = 0, error = "";
      try {
        const res = await fetch(`${o.url}${path}`, {
          method: "POST",
          headers: {
            ...(typeof bodies.get(kind) === "string" ? { "content-type": "application/json" } : {}),
            ...headers,
          },
          body: bodies.get(kind)!,
        });
        status = res.status;
        const body = new Uint8Array(await res.arrayBuffer());
        bytes = body.length;
        if (status !== 200) error = new TextDecoder().decode(body.subarray(0, 300));
      } catch (err) {
        error = String(err);
      }
      const end = wall();
      requests.push({ kind, start, end, ms: Math.round(end - start), status, bytes, error });
      await new Promise((r) => setTimeout(r, o.pauseMs ?? 300));
    }
  }
  return { requestBytes: sizes, requests };
}

if (import.meta.main) {
  const o = JSON.parse(Deno.args[0] ?? "{}") as HeavyOptions;
  if (!o.url || !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(o.url)) {
    console.error("heavy_client: expects a loopback url, e.g. http://127.0.0.1:8000");
    Deno.exit(2);
  }
  console.log(JSON.stringify(await run(o)));
  Deno.exit(0);
}
