/**
 * Run by lb_proxy_test.ts inside a private network + mount namespace (unshare -mn, as root):
 * three FakeAI servers as fakeai-1..3:8000 (127.0.0.1-3), the kit's nginx or HAProxy config AS
 * WRITTEN on port 80, then a streamed chat completion through the proxy. Prints "OK <proxy>".
 *   deno run -A tests/deploy/lb_proxy_inner.ts nginx|haproxy
 */
import { waitFor } from "../support/wait.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const proxy = Deno.args[0];
const children: Deno.ChildProcess[] = [];

function spawn(command: string, args: string[]): Deno.ChildProcess {
  // Output is not read here: stdout is dropped (a full pipe would stall the servers), stderr shown.
  const child = new Deno.Command(command, { args, stdout: "null", stderr: "inherit" }).spawn();
  children.push(child);
  return child;
}

async function sh(command: string, args: string[]) {
  const out = await new Deno.Command(command, { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) {
    throw new Error(`${command} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
}

/** Polls (bounded) until GET url answers 200. */
async function ready(url: string) {
  await waitFor(`${url} to answer 200`, async () => {
    const res = await fetch(url).catch(() => null); // null: not listening yet
    await res?.body?.cancel();
    return res?.status === 200;
  }, { attempts: 600, intervalMs: 25 });
}

async function activeStreams(): Promise<number> {
  let sum = 0;
  for (const n of [1, 2, 3]) {
    const body = await (await fetch(`http://127.0.0.${n}:8000/metrics`)).json();
    sum += body.streaming_stats.active_streams;
  }
  return sum;
}

async function main() {
  await sh("ip", ["link", "set", "lo", "up"]);
  const hosts = await Deno.makeTempFile();
  Deno.writeTextFileSync(
    hosts,
    "127.0.0.1 localhost\n127.0.0.1 fakeai-1\n127.0.0.2 fakeai-2\n127.0.0.3 fakeai-3\n",
  );
  await sh("mount", ["--bind", hosts, "/etc/hosts"]);
  for (const n of [1, 2, 3]) {
    spawn(Deno.execPath(), [
      "run",
      "-A",
      `${ROOT}main.ts`,
      "server",
      "--host",
      `127.0.0.${n}`,
      "--port",
      "8000",
      "--response-delay",
      "0",
      "--ttft",
      "0",
      "--itl",
      "100",
    ]);
  }
  for (const n of [1, 2, 3]) await ready(`http://127.0.0.${n}:8000/health`);
  if (proxy === "nginx") {
    spawn("nginx", ["-c", `${ROOT}deploy/lb/nginx.conf`, "-g", "daemon off;"]);
  } else {
    spawn("haproxy", ["-db", "-f", `${ROOT}deploy/lb/haproxy.cfg`]);
  }
  await ready("http://127.0.0.1/health");

  // 20 tokens 100 ms apart: the first one must reach the client while the stream still runs.
  const res = await fetch("http://127.0.0.1/v1/chat/completions", {
    method: "POST",
    headers: { "content-type": "application/json", host: "api.example.com" },
    body: JSON.stringify({
      model: "gpt-4o",
      messages: [{ role: "user", content: "stream please" }],
      max_tokens: 20,
      ignore_eos: true,
      stream: true,
    }),
  });
  if (res.status !== 200) throw new Error(`proxied stream: HTTP ${res.status}`);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes('"content":"')) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the stream ended before a token");
    text += value;
  }
  const runningWhenFirstTokenArrived = await activeStreams();
  while (true) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  if (runningWhenFirstTokenArrived !== 1) {
    throw new Error(`the proxy held the stream back: ${runningWhenFirstTokenArrived} active`);
  }
  if (!text.trimEnd().endsWith("data: [DONE]")) throw new Error(`no [DONE]: ${text.slice(-200)}`);
  const events = text.split("\n\n").filter((e) => e.startsWith("data: {"));
  if (events.length < 20) throw new Error(`only ${events.length} events came through`);
  console.log(`OK ${proxy}`);
}

try {
  await main();
} finally {
  for (const child of children) {
    try {
      child.kill("SIGTERM");
    } catch { /* gone */ }
    await child.status;
  }
}
