/** Starts a real Prometheus server (Debian's `prometheus` binary, installed by .ci/run). */
import { waitFor } from "./wait.ts";

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
      if (exited) throw new Error("prometheus exited");
      const res = await fetch(`${url}/-/ready`).catch(() => null); // null: not listening yet
      await res?.body?.cancel();
      return res?.ok;
    }, { attempts: 150, intervalMs: 200 });
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
