/**
 * Run by lb_proxy_test.ts inside a private network + mount namespace (unshare -mn, as root):
 * three FakeAI servers at 127.0.0.1:8001-8003 started as the config's comment says (its
 * FAKEAI_TRUSTED_PROXIES), with abuse detection on; the kit's nginx or HAProxy config AS WRITTEN
 * on port 80; then a streamed chat completion through the proxy, and one client's bad requests,
 * which must ban that client only. Prints "OK <proxy>".
 *   deno run -A tests/deploy/lb_proxy_inner.ts nginx|haproxy
 */
import { waitFor } from "../support/wait.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const proxy = Deno.args[0];
const CONFIG = `${ROOT}deploy/lb/${proxy === "nginx" ? "nginx.conf" : "haproxy.cfg"}`;
const PORTS = [8001, 8002, 8003];
const PROXY_URL = "http://127.0.0.1";
const children: Deno.ChildProcess[] = [];

function spawn(command: string, args: string[], env?: Record<string, string>): Deno.ChildProcess {
  // Output is not read here: stdout is dropped (a full pipe would stall the servers), stderr shown.
  const child = new Deno.Command(command, { args, env, stdout: "null", stderr: "inherit" })
    .spawn();
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
  for (const port of PORTS) {
    const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).json();
    sum += body.streaming_stats.active_streams;
  }
  return sum;
}

/** A chat completion through the proxy from the client `ip` (the proxy appends its peer). */
async function chatAs(ip: string, body: string): Promise<{ status: number; code?: string }> {
  const res = await fetch(`${PROXY_URL}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", host: "api.example.com", "x-forwarded-for": ip },
    body,
  });
  const json = await res.json().catch(() => null); // null: not JSON
  return { status: res.status, code: json?.error?.code };
}

/** Abuse bans go by client address, so behind the proxy one client's violations ban only it. */
async function onlyTheAbuserIsBanned() {
  let banned = false;
  for (let i = 0; i < 20 && !banned; i++) {
    const r = await chatAs("203.0.113.7", "{not json");
    if (r.status === 403 && r.code === "ip_banned") banned = true;
    else if (r.status !== 400) throw new Error(`bad request ${i}: HTTP ${r.status} ${r.code}`);
  }
  if (!banned) throw new Error("20 bad requests through the proxy never banned their client");
  const good = JSON.stringify({
    model: "gpt-4o",
    messages: [{ role: "user", content: "hello" }],
    max_tokens: 2,
  });
  // Several requests: least_conn spreads them over every server, the banning one included.
  for (let i = 0; i < 6; i++) {
    const r = await chatAs("198.51.100.9", good);
    if (r.status !== 200) {
      throw new Error(`another client, request ${i}: HTTP ${r.status} ${r.code}`);
    }
  }
}

async function main() {
  await sh("ip", ["link", "set", "lo", "up"]);
  const trusted = /FAKEAI_TRUSTED_PROXIES=(\S+)/.exec(Deno.readTextFileSync(CONFIG))?.[1];
  if (!trusted) throw new Error(`${CONFIG} names no FAKEAI_TRUSTED_PROXIES for its FakeAI servers`);
  const env = {
    FAKEAI_TRUSTED_PROXIES: trusted,
    FAKEAI_ENABLE_ABUSE_DETECTION: "true",
    FAKEAI_ABUSE_VIOLATION_THRESHOLD: "3",
  };
  for (const port of PORTS) {
    spawn(Deno.execPath(), [
      "run",
      "-A",
      `${ROOT}main.ts`,
      "server",
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      "--response-delay",
      "0",
      "--ttft",
      "0",
      "--itl",
      "100",
    ], env);
  }
  for (const port of PORTS) await ready(`http://127.0.0.1:${port}/health`);
  if (proxy === "nginx") {
    spawn("nginx", ["-c", CONFIG, "-g", "daemon off;"]);
  } else {
    spawn("haproxy", ["-db", "-f", CONFIG]);
  }
  await ready(`${PROXY_URL}/health`);

  // 20 tokens 100 ms apart: the first one must reach the client while the stream still runs.
  const res = await fetch(`${PROXY_URL}/v1/chat/completions`, {
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
  await onlyTheAbuserIsBanned();
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
