/**
 * Installs the peers on demand (`npm install --prefix <cache>/<name>@<version>`, outside the
 * repository) and runs one. A peer that cannot be installed or started is skipped with a reason;
 * the benchmarks go on without it.
 */
import type { Server } from "./procs.ts";
import { cleanEnv, freePort, stop, tail, track } from "./procs.ts";
import { type Peer, PEERS } from "./peers.ts";

export interface PeerTools {
  node: string;
  npm: string;
  /** Where the peers are installed, one folder per name@version. */
  cacheDir: string;
}

export function defaultTools(): PeerTools {
  const home = Deno.env.get("HOME");
  const cache = Deno.env.get("XDG_CACHE_HOME") ?? (home ? `${home}/.cache` : Deno.cwd());
  return { node: "node", npm: "npm", cacheDir: `${cache}/fakeai-bench-peers` };
}

export interface ReadyPeer {
  peer: Peer;
  /** Absolute path of the installed server script. */
  entry: string;
  /** The node binary that runs it. */
  node: string;
}

export interface PeerSetup {
  /** `node --version`, when node runs. */
  nodeVersion?: string;
  ready: ReadyPeer[];
  /** Peer name → why it is skipped. */
  skipped: Record<string, string>;
}

const INSTALL_LIMIT_MS = 300_000;

/** Runs a program to completion; `ok: false` with a one-line reason when it cannot run or fails. */
async function run(bin: string, args: string[], limitMs: number) {
  let child: Deno.ChildProcess;
  try {
    child = track(
      new Deno.Command(bin, { args, stdin: "null", stdout: "piped", stderr: "piped" }).spawn(),
    );
  } catch (err) {
    const reason = err instanceof Deno.errors.NotFound ? `${bin} not found on PATH` : String(err);
    return { ok: false, reason, out: "" };
  }
  let timedOut = false;
  const killer = setTimeout(() => (timedOut = true, void stop(child)), limitMs);
  const { success, code, stdout, stderr } = await child.output();
  clearTimeout(killer);
  const text = (b: Uint8Array) => new TextDecoder().decode(b).trim();
  const last = text(stderr).split("\n").filter((l) => l.trim()).slice(-3).join(" / ");
  const how = timedOut ? `timed out after ${limitMs / 1000} s` : `exited with ${code}`;
  const reason = `${bin} ${args[0]} ${how}${last ? `: ${last}` : ""}`;
  return { ok: success, reason, out: text(stdout) };
}

const exists = (path: string) => Deno.stat(path).then(() => true, () => false);

/** Installs what is missing from the cache; every peer ends up ready or skipped. */
export async function preparePeers(
  peers: Peer[],
  tools: PeerTools,
  log: (line: string) => void = console.log,
): Promise<PeerSetup> {
  const node = await run(tools.node, ["--version"], 10_000);
  // Deno puts its own `node` shim on PATH when there is no node: the peers would run on Deno.
  if (node.ok && !/^v\d+\./.test(node.out)) {
    node.ok = false;
    node.reason = `${tools.node} is not Node.js (--version: ${node.out.split("\n")[0]})`;
  }
  if (!node.ok) {
    return { ready: [], skipped: Object.fromEntries(peers.map((p) => [p.name, node.reason])) };
  }
  const setup: PeerSetup = { nodeVersion: node.out, ready: [], skipped: {} };
  for (const peer of peers) {
    const dir = `${tools.cacheDir}/${peer.name}@${peer.version}`;
    const entry = `${dir}/node_modules/${peer.pkg}/${peer.entry}`;
    if (!(await exists(entry))) {
      log(`  installing peer ${peer.name} (${peer.pkg}@${peer.version}) into ${dir}`);
      const failure = await install(peer, dir, tools);
      if (failure) {
        setup.skipped[peer.name] = failure;
        continue;
      }
    }
    if (await exists(entry)) setup.ready.push({ peer, entry, node: tools.node });
    else setup.skipped[peer.name] = `${entry} is missing after npm install`;
  }
  return setup;
}

/** Installs into a fresh folder renamed into place, so an interrupted install leaves no half
 * package behind; returns the reason it failed, if it did. */
async function install(peer: Peer, dir: string, tools: PeerTools): Promise<string | undefined> {
  const partial = `${dir}.partial-${Deno.pid}`;
  await Deno.remove(partial, { recursive: true }).catch(() => {});
  await Deno.mkdir(partial, { recursive: true });
  const args = ["install", "--prefix", partial, "--no-audit", "--no-fund", "--ignore-scripts"];
  args.push("--loglevel=error", `${peer.pkg}@${peer.version}`);
  const result = await run(tools.npm, args, INSTALL_LIMIT_MS);
  if (result.ok) await Deno.rename(partial, dir).catch(() => {});
  await Deno.remove(partial, { recursive: true }).catch(() => {});
  return result.ok ? undefined : `npm install failed: ${result.reason}`;
}

/** Starts `node <entry>` directly (so the pid is the process that serves) on a free port and
 * waits until GET /health answers 200. */
export async function startPeer({ peer, entry, node }: ReadyPeer, tokens: number): Promise<Server> {
  const dir = await Deno.makeTempDir({ prefix: `fakeai-bench-${peer.name}-` });
  const port = freePort();
  const launch = peer.launch(entry, dir, port, tokens);
  for (const [name, text] of Object.entries(launch.files)) {
    await Deno.writeTextFile(`${dir}/${name}`, text);
  }
  const child = track(
    new Deno.Command(node, {
      args: launch.args,
      cwd: dir,
      env: { ...cleanEnv(), NODE_ENV: "production", ...launch.env },
      clearEnv: true,
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn(),
  );
  let exited = false;
  child.status.finally(() => exited = true);
  const err = tail(child.stderr);
  const url = `http://127.0.0.1:${port}`;
  const close = async () => {
    await stop(child);
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  if (!(await healthy(url, () => exited, 30_000))) {
    await close();
    throw new Error(`${peer.name} did not start:\n${err.kept.join("\n")}`);
  }
  return { label: peer.name, url, pid: child.pid, stop: close };
}

async function healthy(url: string, exited: () => boolean, limitMs: number): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (!exited() && Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/health`);
      await res.body?.cancel();
      if (res.ok) return true;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** Starts a peer, runs `fn`, always stops it. */
export async function withPeer<T>(
  ready: ReadyPeer,
  tokens: number,
  fn: (s: Server) => Promise<T>,
): Promise<T> {
  const server = await startPeer(ready, tokens);
  try {
    return await fn(server);
  } finally {
    await server.stop();
  }
}

let once: Promise<PeerSetup> | undefined;

/** PEERS with the default tools, installed once however many benchmarks use them. */
export function peerSetup(): Promise<PeerSetup> {
  return once ??= preparePeers(PEERS, defaultTools());
}
