/**
 * Decodes every speech format and our PNGs with FFmpeg (and `flac -t`) when they are installed:
 * the strongest check that the files are valid. Skipped where the tools are absent (see README,
 * Audio).
 */
import assert from "node:assert/strict";
import { encodePng, rowStride } from "../../src/codecs/png.ts";
import { renderSpeech, SPEECH_FORMATS } from "../../src/modalities/audio/speech_audio.ts";

function has(tool: string): boolean {
  try {
    const args = tool === "flac" ? ["--version"] : ["-version"];
    return new Deno.Command(tool, { args, stdin: "null", stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

const FFMPEG = has("ffmpeg");
const TEXT = "one two three four five six seven eight nine ten eleven twelve"; // 4.8 s

async function run(cmd: string, args: string[]) {
  const out = await new Deno.Command(cmd, {
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(60_000),
  }).output();
  return { code: out.code, stdout: out.stdout, stderr: new TextDecoder().decode(out.stderr) };
}

async function withTempFile<T>(bytes: Uint8Array, fn: (path: string) => Promise<T>): Promise<T> {
  const path = await Deno.makeTempFile();
  try {
    await Deno.writeFile(path, bytes);
    return await fn(path);
  } finally {
    await Deno.remove(path);
  }
}

Deno.test({
  name: "real decoders: ffmpeg decodes every format cleanly to the expected length",
  ignore: !FFMPEG,
  async fn() {
    for (const format of SPEECH_FORMATS) {
      const audio = await renderSpeech(format, { text: TEXT, voice: "ash", speed: 1, seed: 9 });
      const input = format === "pcm" ? ["-f", "s16le", "-ar", "24000", "-ac", "1"] : [];
      const { code, stdout, stderr } = await withTempFile(audio.bytes, (path) =>
        run("ffmpeg", [
          "-v",
          "error",
          ...input,
          "-i",
          path,
          "-f",
          "s16le",
          "-ac",
          "1",
          "-ar",
          "24000",
          "pipe:1",
        ]));
      assert.equal(code, 0, `${format}: ${stderr}`);
      assert.equal(stderr.trim(), "", `${format} decoder warnings`);
      const seconds = stdout.length / 48_000;
      // Exact where the container says so (wav, pcm, flac, opus); whole frames for aac and mp3.
      const tolerance = format === "aac" || format === "mp3" ? 0.1 : 0.001;
      assert.ok(seconds >= 4.8 - 0.001 && seconds <= 4.8 + tolerance, `${format}: ${seconds} s`);
    }
  },
});

Deno.test({
  name: "real decoders: `flac -t` verifies the frames and the STREAMINFO MD5",
  ignore: !has("flac"),
  async fn() {
    const audio = await renderSpeech("flac", { text: TEXT, voice: "ash", speed: 1, seed: 9 });
    const { code, stderr } = await withTempFile(
      audio.bytes,
      (path) => run("flac", ["-t", "-s", path]),
    );
    assert.equal(code, 0, stderr);
  },
});

Deno.test({
  name: "real decoders: ffmpeg decodes our PNGs (RGB and RGBA) to the exact pixels",
  ignore: !FFMPEG,
  async fn() {
    const [width, height] = [7, 5];
    for (const channels of [3, 4] as const) {
      const stride = rowStride(width, channels);
      const data = new Uint8Array(stride * height);
      const pixels: number[] = [];
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const px = [x * 36, y * 60, (x * y * 13) % 256, 255 - x * 20].slice(0, channels);
          data.set(px, y * stride + 1 + x * channels);
          pixels.push(...px);
        }
      }
      const png = await encodePng({ width, height, channels, data });
      const pixFmt = channels === 3 ? "rgb24" : "rgba";
      const { code, stdout, stderr } = await withTempFile(
        png,
        (path) =>
          run("ffmpeg", [
            "-v",
            "error",
            "-i",
            path,
            "-f",
            "rawvideo",
            "-pix_fmt",
            pixFmt,
            "pipe:1",
          ]),
      );
      assert.equal(code, 0, stderr);
      assert.equal(stderr.trim(), "", `${pixFmt} decoder warnings`);
      assert.deepEqual([...stdout], pixels, pixFmt);
    }
  },
});
