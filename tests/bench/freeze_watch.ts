/**
 * The measuring client of the `freeze` benchmark, a process of its own so that its work never
 * shares an event loop with the server or with the client sending the heavy requests:
 *
 *   deno run -A tests/bench/freeze_watch.ts '{"url":"http://127.0.0.1:PORT","streams":256}'
 *
 * Keeps `streams` streamed chats flowing (each slot starts a new stream when its stream ends, the
 * first streams of different lengths so that restarts spread out) and polls GET /health every
 * `healthEveryMs` on a connection of its own. It records every inter-token gap (arrival of a
 * content event minus the previous one of the same stream) and every /health latency, stamped
 * with wall-clock ms (performance.timeOrigin + now, comparable between processes).
 *
 * Prints `{"ready":true,"at":ms}` once every stream has its first token, then waits for stdin:
 * `{"windows":[{"label","start","end"},...]}`. A gap or a /health answer counts for every window
 * (grouped by label) its end falls into. Prints one JSON line: the figures per label.
 */
import { cpuMs, round, summarize } from "./stats.ts";
import {
  openTransport,
  prepare,
  type Prepared,
  streamEvents,
  type Transport,
} from "./transport.ts";

export interface WatchOptions {
  url: string;
  streams?: number;
  /** Output tokens of each stream after the first (the first ones: 0.5–1.5× this). */
  tokens?: number;
  healthEveryMs?: number;
  /** Give up (and report what was seen) after this long even if stdin stays open. */
  limitSec?: number;
}

export interface Window {
  label: string;
  start: number;
  end: number;
}

const CONTENT = '"delta":{"content"';
const origin = performance.timeOrigin;
const wall = () => origin + performance.now();

function chat(url: string, tokens: number, headers: Record<string, string> = {}): Prepared {
  const body = JSON.stringify({
    model: "gpt-4o",
    messages: [{ role: "user", content: "Tell me a long story." }],
    max_tokens: tokens,
    ignore_eos: true,
    stream: true,
  });
  const all = {
    "content-type": "application/json",
    "x-fakeai-output-tokens": String(tokens),
    ...headers,
  };
  return prepare({ url, body, headers: all });
}

/** Growable pair of columns (end time, value) in plain number arrays (packed doubles). */
class Samples {
  ends: number[] = [];
  values: number[] = [];
  add(end: number, value: number) {
    this.ends.push(end);
    this.values.push(value);
  }
  within(windows: Window[]): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.ends.length; i++) {
      const t = this.ends[i];
      if (windows.some((w) => t >= w.start && t <= w.end)) out.push(this.values[i]);
    }
    return out;
  }
}

async function readStdin(limitMs: number): Promise<string> {
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  const read = (async () => {
    for await (const chunk of Deno.stdin.readable) chunks.push(decoder.decode(chunk));
  })();
  const limit = new Promise((r) => setTimeout(r, limitMs));
  await Promise.race([read, limit]);
  return chunks.join("");
}

async function watch(o: WatchOptions) {
  const streams = o.streams ?? 256;
  const tokens = o.tokens ?? 1000;
  const every = o.healthEveryMs ?? 50;
  const limitMs = (o.limitSec ?? 300) * 1000;
  const transports = await Promise.all(
    Array.from({ length: streams }, () => openTransport("raw", o.url)),
  );
  // Warm-up at full width without latency (JIT, server paths) on the connections used after.
  const warm = chat(o.url, 4, { "x-fakeai-ttft-ms": "0", "x-fakeai-itl-ms": "0" });
  for (let i = 0; i < 2; i++) await Promise.all(transports.map((t) => streamEvents(t, warm, noop)));

  const gaps = new Samples();
  const health = new Samples();
  let stopping = false, streamErrors = 0, healthErrors = 0, completed = 0, lastError = "";
  let firstTokens = 0;
  let markReady!: () => void;
  const ready = new Promise<void>((r) => markReady = r);

  const later = chat(o.url, tokens);
  const slot = async (t: Transport, i: number) => {
    let request = chat(o.url, Math.round(tokens * (0.5 + i / streams)));
    let first = true;
    while (!stopping) {
      let prev = NaN;
      try {
        await streamEvents(t, request, (ev, at) => {
          if (!ev.includes(CONTENT)) return;
          const now = origin + at;
          if (!Number.isNaN(prev)) gaps.add(now, now - prev);
          prev = now;
          if (first) (first = false, ++firstTokens === streams && markReady());
        });
      } catch (err) {
        if (stopping) return;
        streamErrors++;
        lastError = String(err);
        t.close();
        await new Promise((r) => setTimeout(r, 100));
        t = await openTransport("raw", o.url);
        transports[i] = t;
        continue;
      }
      if (!stopping) completed++;
      request = later;
    }
  };
  const slots = transports.map((t, i) => slot(t, i));

  const healthRequest = prepare({
    url: o.url,
    body: "",
    headers: {},
    method: "GET",
    path: "/health",
  });
  const poller = (async () => {
    let t = await openTransport("raw", o.url);
    while (!stopping) {
      const t0 = wall();
      try {
        const status = await t.send(healthRequest, noop);
        if (status !== 200) healthErrors++;
        const t1 = wall();
        health.add(t1, t1 - t0);
      } catch {
        healthErrors++;
        t.close();
        if (stopping) break;
        t = await openTransport("raw", o.url);
      }
      const wait = t0 + every - wall();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    t.close();
  })();

  const giveUp = setTimeout(markReady, limitMs);
  await ready;
  clearTimeout(giveUp);
  const [cpu0, at0] = [cpuMs("self"), wall()];
  console.log(JSON.stringify({ ready: true, at: at0, firstTokens }));
  const input = await readStdin(limitMs);
  const clientCpuUtil = round((cpuMs("self") - cpu0) / (wall() - at0));
  stopping = true;
  transports.forEach((t) => t.close());
  await Promise.allSettled([...slots, poller]);

  const windows: Window[] = input.trim() ? JSON.parse(input).windows : [];
  const labels = [...new Set(windows.map((w) => w.label))];
  const byLabel: Record<string, unknown> = {};
  for (const label of labels) {
    const mine = windows.filter((w) => w.label === label);
    const seconds = mine.reduce((a, w) => a + (w.end - w.start), 0) / 1000;
    byLabel[label] = {
      seconds: round(seconds),
      itlMs: summarize(gaps.within(mine)),
      healthMs: summarize(health.within(mine)),
    };
  }
  return {
    streams,
    tokens,
    firstTokens,
    completedStreams: completed,
    streamErrors,
    healthErrors,
    clientCpuUtil,
    ...(lastError ? { lastError } : {}),
    gaps: gaps.ends.length,
    healthPolls: health.ends.length,
    windows: byLabel,
  };
}

function noop() {}

if (import.meta.main) {
  const o = JSON.parse(Deno.args[0] ?? "{}") as WatchOptions;
  if (!o.url || !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(o.url)) {
    console.error("freeze_watch: expects a loopback url, e.g. http://127.0.0.1:8000");
    Deno.exit(2);
  }
  console.log(JSON.stringify(await watch(o)));
  Deno.exit(0);
}
