/** Starts a real Prometheus server (Debian's `prometheus` binary, installed by .ci/run). */

export interface PrometheusServer {
  url: string;
  /** Instant query; `error` is Prometheus's message for an expression it refuses. */
  query(expr: string): Promise<{ result: QuerySample[]; error?: string }>;
  /** Names of the alerting rules Prometheus loaded. */
  alertNames(): Promise<string[]>;
  /** SIGTERM, wait for exit, delete the temp dir. */
  stop(): Promise<void>;
}

export interface QuerySample {
  metric: Record<string, string>;
  value: [number, string];
}

/** Thrown by a `waitFor` check to stop waiting at once (e.g. the process died). */
export class GiveUp extends Error {}

/** Polls `check` until it returns a value (not undefined), at most `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      if (err instanceof GiveUp) throw err;
      last = err;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ""}`);
}

export async function startPrometheus(configYaml: string): Promise<PrometheusServer> {
  const dir = await Deno.makeTempDir({ prefix: "fakeai_prometheus_" });
  const configFile = `${dir}/prometheus.yml`;
  await Deno.writeTextFile(configFile, configYaml);
  const port = freePort();
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("prometheus", {
      args: [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${dir}/data`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      cwd: dir,
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
  } catch (err) {
    await Deno.remove(dir, { recursive: true });
    throw new Error(`prometheus is not installed (apt-get install prometheus): ${err}`);
  }
  let log = "";
  const logDone = child.stderr.pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({ write: (chunk) => void (log += chunk) }),
  );
  let exited = false;
  const status = child.status.then((s) => (exited = true, s));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
    await status;
    await logDone.catch(() => {});
    await Deno.remove(dir, { recursive: true });
  };
  try {
    await waitFor("Prometheus /-/ready", async () => {
      if (exited) throw new GiveUp("prometheus exited");
      const res = await fetch(`${url}/-/ready`);
      await res.body?.cancel();
      return res.ok ? true : undefined;
    });
  } catch (err) {
    await stop();
    throw new Error(`${err}\n${log}`);
  }
  return {
    url,
    async query(expr) {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = await res.json();
      return { result: body.data?.result ?? [], error: body.error };
    },
    async alertNames() {
      const body = await (await fetch(`${url}/api/v1/rules?type=alert`)).json();
      return body.data.groups.flatMap((g: { rules: { name: string }[] }) =>
        g.rules.map((r) => r.name)
      );
    },
    stop,
  };
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}
