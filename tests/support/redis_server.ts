/** Starts a real `redis-server` (installed by .ci/run) on a free port, without persistence. */

export interface RedisServer {
  port: number;
  url: string;
  /** Kills the server and waits for it to exit; the port stays reserved for restart(). */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: nothing was persisted). */
  restart(): Promise<void>;
}

export async function startRedis(extraArgs: string[] = []): Promise<RedisServer> {
  const port = freePort();
  let running: Running | null = await spawn(port, extraArgs);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (!running) return;
      try {
        running.child.kill("SIGKILL");
      } catch { /* already gone */ }
      await running.child.status;
      await running.drained;
      running = null;
    },
    async restart() {
      if (running) throw new Error("redis-server is still running");
      running = await spawn(port, extraArgs);
    },
  };
}

interface Running {
  child: Deno.ChildProcess;
  /** Settles when its stdout has ended. */
  drained: Promise<void>;
}

/** Spawns the server and resolves once it logs that it accepts connections. */
async function spawn(port: number, extraArgs: string[]): Promise<Running> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("redis-server", {
      args: ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        .concat(extraArgs),
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).spawn();
  } catch (err) {
    throw new Error(`redis-server is not installed (apt-get install redis-server): ${err}`);
  }
  let log = "";
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      await child.status;
      throw new Error(`redis-server exited before it was ready:\n${log}`);
    }
    log += value;
    if (log.includes("Ready to accept connections")) break;
  }
  // Keep draining stdout so the server never blocks on a full pipe.
  const drained = (async () => {
    try {
      while (!(await reader.read()).done) { /* discard */ }
    } catch { /* process gone */ }
  })();
  return { child, drained };
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}
