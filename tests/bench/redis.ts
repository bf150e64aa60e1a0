/** A local redis-server for the traffic benchmark (when installed), and raw PING round trips. */
import { freePort, stop, track } from "./procs.ts";
import { summarize } from "./stats.ts";

export interface BenchRedis {
  port: number;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** The redis-server binary on PATH, or null. */
export async function findRedisServer(): Promise<string | null> {
  try {
    const out = await new Deno.Command("which", { args: ["redis-server"], stdout: "piped" })
      .output();
    const path = new TextDecoder().decode(out.stdout).trim();
    return out.success && path ? path : null;
  } catch {
    return null;
  }
}

/** Starts `redis-server` on a free loopback port without persistence; killAll() ends it too. */
export async function startRedis(binary: string): Promise<BenchRedis> {
  const port = freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  const child = track(
    new Deno.Command(binary, { args, stdin: "null", stdout: "piped", stderr: "null" }).spawn(),
  );
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let log = "";
  const killer = setTimeout(() => void stop(child), 10_000);
  try {
    while (!log.includes("Ready to accept connections")) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`redis-server exited before it was ready:\n${log.slice(-2000)}`);
      log += value;
    }
  } finally {
    clearTimeout(killer);
  }
  // Keep draining its stdout so it never blocks on a full pipe.
  (async () => {
    try {
      while (!(await reader.read()).done) { /* discard */ }
    } catch { /* gone */ }
  })();
  return { port, url: `redis://127.0.0.1:${port}`, pid: child.pid, stop: () => stop(child) };
}

/**
 * `count` sequential PING round trips on one connection (inline command `PING\r\n`, reply
 * `+PONG\r\n`), after 100 unmeasured ones; µs per round trip.
 */
export async function pingRtt(port: number, count: number) {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  conn.setNoDelay(true);
  const ping = new TextEncoder().encode("PING\r\n");
  const buf = new Uint8Array(64);
  const once = async () => {
    await conn.write(ping);
    let got = 0;
    while (got < 7) {
      const n = await conn.read(buf.subarray(got));
      if (n === null) throw new Error("redis closed the connection");
      got += n;
    }
    if (new TextDecoder().decode(buf.subarray(0, 7)) !== "+PONG\r\n") throw new Error("no PONG");
  };
  const rtt: number[] = [];
  try {
    for (let i = 0; i < 100; i++) await once();
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      await once();
      rtt.push((performance.now() - t0) * 1000);
    }
  } finally {
    conn.close();
  }
  return summarize(rtt);
}
