/**
 * Load generator for the benchmarks, run as its own process so it never shares an event loop
 * with the server under test:
 *
 *   deno run -A tests/bench/load_client.ts '{"mode":"nonstream","url":"http://127.0.0.1:PORT"}'
 *
 * Prints one JSON result line on stdout (mode "hold" prints a `{"ready":true}` line first).
 * Every loop is bounded by a deadline and a request cap; only the given (loopback) URL is used.
 */
import { cpuMs, round, summarize } from "./stats.ts";
import { timingLines } from "./client_export.ts";
import {
  openTransport,
  prepare,
  type Prepared,
  streamEvents,
  type Transport,
} from "./transport.ts";

export interface LoadOptions {
  mode: "nonstream" | "stream" | "fidelity" | "hold";
  /** Server root, e.g. http://127.0.0.1:8000 */
  url: string;
  concurrency?: number;
  durationSec?: number;
  warmupSec?: number;
  /** Output tokens per request (x-fakeai-output-tokens and max_tokens). */
  tokens?: number;
  /** fidelity / hold: number of concurrent streams. */
  streams?: number;
  /** Extra request headers (e.g. x-fakeai-itl-ms). */
  headers?: Record<string, string>;
  /** Sends `Authorization: Bearer <apiKey>` with every request. */
  apiKey?: string;
  /** When given, the server's CPU time over the measured window is reported. */
  serverPid?: number;
  /** hold: give up after this long even if stdin stays open. */
  holdSec?: number;
  maxRequests?: number;
  /** fidelity: spread the stream starts evenly over this many ms (0 = all at once). */
  rampMs?: number;
  /** "raw" (default): minimal HTTP/1.1 client; "fetch": the fetch API. */
  client?: "raw" | "fetch";
  /** fidelity: stream i of the measured round sends `x-request-id: <prefix>-<i>`. */
  requestIdPrefix?: string;
  /** fidelity: writes each measured stream's timings here, one JSON line per stream
   * (client_export.ts), request ids from `requestIdPrefix` (default "stream"). */
  timingsFile?: string;
}

const CONTENT = '"delta":{"content"';

function spec(o: LoadOptions, stream: boolean, extra: Record<string, string> = {}): Prepared {
  const tokens = o.tokens ?? 16;
  const body = JSON.stringify({
    model: "gpt-4o",
    messages: [{ role: "user", content: "Hello there, how are you?" }],
    max_tokens: tokens,
    ignore_eos: true,
    ...(stream ? { stream: true } : {}),
  });
  const headers = {
    "content-type": "application/json",
    "x-fakeai-output-tokens": String(tokens),
    ...(o.apiKey ? { authorization: `Bearer ${o.apiKey}` } : {}),
    ...o.headers,
    ...extra,
  };
  return prepare({ url: o.url, body, headers });
}

const open = (o: LoadOptions) => openTransport(o.client ?? "raw", o.url);

/** C workers, each on its own connection, repeat `once` (returns tokens received) until the
 * deadline; only completions inside the measured window (after the warm-up) count. */
async function timedLoop(o: LoadOptions, once: (t: Transport) => Promise<number>) {
  const concurrency = o.concurrency ?? 32;
  const warmupMs = (o.warmupSec ?? 1) * 1000;
  const durationMs = (o.durationSec ?? 5) * 1000;
  const maxRequests = o.maxRequests ?? 5_000_000;
  const measureFrom = performance.now() + warmupMs;
  const deadline = measureFrom + durationMs;
  let started = 0, requests = 0, tokens = 0, errors = 0, lastError = "";
  let cpu0 = { server: NaN, client: NaN }, cpu1 = cpu0;
  const snap = () => ({ server: o.serverPid ? cpuMs(o.serverPid) : NaN, client: cpuMs("self") });
  const t0 = setTimeout(() => cpu0 = snap(), warmupMs);
  const t1 = setTimeout(() => cpu1 = snap(), warmupMs + durationMs);
  const worker = async () => {
    let t: Transport | undefined;
    while (performance.now() < deadline && started++ < maxRequests && errors < 1000) {
      try {
        t ??= await open(o);
        const n = await once(t);
        const now = performance.now();
        if (now >= measureFrom && now <= deadline) (requests++, tokens += n);
      } catch (err) {
        errors++;
        lastError = String(err);
        t?.close();
        t = undefined;
      }
    }
    t?.close();
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  clearTimeout(t0);
  clearTimeout(t1);
  if (Number.isNaN(cpu1.client)) cpu1 = snap();
  const seconds = durationMs / 1000;
  const serverCpuMs = cpu1.server - cpu0.server;
  return {
    client: o.client ?? "raw",
    concurrency,
    seconds,
    requests,
    perSec: round(requests / seconds),
    tokens,
    tokensPerSec: round(tokens / seconds),
    errors,
    ...(lastError ? { lastError } : {}),
    serverCpuUtil: round(serverCpuMs / (seconds * 1000)),
    serverCpuUsPerRequest: round((serverCpuMs * 1000) / Math.max(1, requests), 1),
    serverCpuUsPerToken: round((serverCpuMs * 1000) / Math.max(1, tokens), 2),
    clientCpuUtil: round((cpu1.client - cpu0.client) / (seconds * 1000)),
  };
}

function nonstream(o: LoadOptions) {
  const request = spec(o, false);
  return timedLoop(o, async (t) => {
    const decoder = new TextDecoder();
    let text = "";
    const status = await t.send(request, (b) => text += decoder.decode(b, { stream: true }));
    const json = JSON.parse(text + decoder.decode());
    if (status !== 200 || !json.choices) throw new Error(`HTTP ${status}`);
    return json.usage?.completion_tokens ?? 0;
  });
}

async function stream(o: LoadOptions) {
  let incomplete = 0;
  const request = spec(o, true);
  const r = await timedLoop(o, async (t) => {
    let n = 0;
    const done = await streamEvents(t, request, (ev) => ev.includes(CONTENT) && n++);
    if (!done || n !== (o.tokens ?? 16)) incomplete++;
    return n;
  });
  return { ...r, incomplete };
}

/** S streams started together (or over rampMs), one request each; TTFT and ITL as seen by the
 * client. */
async function fidelity(o: LoadOptions) {
  const streams = o.streams ?? 256;
  // Two warm-up rounds at full width without latency (JIT, server paths, connection setup) on
  // the connections the measured round then reuses, so TTFT does not include connecting.
  const transports = await Promise.all(Array.from({ length: streams }, () => open(o)));
  const warm = spec({ ...o, tokens: 4 }, true, { "x-fakeai-ttft-ms": "0", "x-fakeai-itl-ms": "0" });
  for (let round = 0; round < 2; round++) {
    await Promise.all(transports.map((t) => streamEvents(t, warm, () => {})));
  }
  await new Promise((r) => setTimeout(r, 300));
  // One id per stream of this round (unique within it; the caller makes the prefix unique).
  const ids = transports.map((_, i) => `${o.requestIdPrefix ?? "stream"}-${i}`);
  const requests = ids.map((id) => spec(o, true, o.requestIdPrefix ? { "x-request-id": id } : {}));
  const killer = setTimeout(() => transports.forEach((t) => t.close()), 120_000);
  const runs = await Promise.allSettled(transports.map(async (t, i) => {
    if (o.rampMs) await new Promise((r) => setTimeout(r, (o.rampMs! * i) / streams));
    const request = requests[i];
    const t0 = performance.now();
    const times: number[] = [];
    // Every content event counts (the role-only event before the first does not), each at the
    // arrival time of the read that delivered it.
    const done = await streamEvents(t, request, (ev, at) => ev.includes(CONTENT) && times.push(at));
    return { t0, times, done };
  }));
  clearTimeout(killer);
  transports.forEach((t) => t.close());
  if (o.timingsFile) {
    const exported = runs.map((run, i) =>
      run.status === "fulfilled"
        ? { requestId: ids[i], ...run.value }
        : { requestId: ids[i], times: [] }
    );
    await Deno.writeTextFile(o.timingsFile, timingLines(exported));
  }
  const ttft: number[] = [], itl: number[] = [];
  let errors = 0, incomplete = 0, bunched = 0;
  for (const run of runs) {
    if (run.status === "rejected") {
      errors++;
      continue;
    }
    const { t0, times, done } = run.value;
    if (!done || times.length !== (o.tokens ?? 16)) incomplete++;
    if (times.length > 0) ttft.push(times[0] - t0);
    for (let i = 1; i < times.length; i++) {
      itl.push(times[i] - times[i - 1]);
      if (times[i] - times[i - 1] < 1) bunched++;
    }
  }
  const [ttftMs, itlMs] = [summarize(ttft), summarize(itl)];
  return { streams, errors, incomplete, ttftMs, itlMs, bunchedGaps: bunched };
}

/** Opens S long streams, prints {"ready":true} once each has its first event, then holds them
 * until stdin closes (or holdSec passes). */
async function hold(o: LoadOptions) {
  const streams = o.streams ?? 1000;
  const request = spec({ ...o, tokens: o.tokens ?? 600 }, true);
  const transports: Transport[] = [];
  let opened = 0, events = 0, errors = 0;
  let markReady!: () => void;
  const allOpen = new Promise<void>((r) => markReady = r);
  const settle = () => opened + errors === streams && markReady();
  let closing = false;
  const runs = Array.from({ length: streams }, async () => {
    let first = true;
    try {
      const t = await open(o);
      transports.push(t);
      if (closing) t.close();
      await streamEvents(t, request, () => {
        events++;
        if (first) (first = false, opened++, settle());
      });
    } catch {
      if (first) (errors++, settle());
    }
  });
  const limit = (o.holdSec ?? 120) * 1000;
  const timer = setTimeout(markReady, limit);
  await allOpen;
  console.log(JSON.stringify({ ready: true, opened, errors }));
  const stdinClosed = (async () => {
    for await (const _ of Deno.stdin.readable) { /* wait for EOF */ }
  })();
  await Promise.race([stdinClosed, new Promise((r) => setTimeout(r, limit))]);
  clearTimeout(timer);
  closing = true;
  transports.forEach((t) => t.close());
  await Promise.allSettled(runs);
  return { streams, opened, errors, events };
}

if (import.meta.main) {
  const o = JSON.parse(Deno.args[0] ?? "{}") as LoadOptions;
  if (!o.url || !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(o.url)) {
    console.error("load_client: expects a loopback url, e.g. http://127.0.0.1:8000");
    Deno.exit(2);
  }
  const modes = { nonstream, stream, fidelity, hold } as const;
  const run = modes[o.mode];
  if (!run) {
    console.error(`load_client: unknown mode ${o.mode}`);
    Deno.exit(2);
  }
  console.log(JSON.stringify({ mode: o.mode, ...(await run(o)) }));
  Deno.exit(0);
}
