/** The peer simulators' launch commands and fixtures, and the skip paths of their setup; no peer
 * is installed or started. */
import assert from "node:assert/strict";
import { answerText, CHUNK_CHARS, type Peer, PEERS } from "./peers.ts";
import { preparePeers } from "./peer_procs.ts";

const peer = (name: string) => PEERS.find((p) => p.name === name)!;
const chunks = (text: string) => text.match(new RegExp(`[^]{1,${CHUNK_CHARS}}`, "g")) ?? [];

Deno.test("peers: the answer splits into exactly one chunk per requested token", () => {
  for (const tokens of [1, 16, 64, 500]) {
    const parts = chunks(answerText(tokens));
    assert.equal(parts.length, tokens);
    assert.ok(parts.every((c) => c.length === CHUNK_CHARS));
  }
});

Deno.test("peers: pinned to exact versions, started from a script inside their package", () => {
  assert.deepEqual(PEERS.map((p) => p.name), ["aimock", "mock-llm"]);
  for (const p of PEERS) {
    assert.match(p.version, /^\d+\.\d+\.\d+$/, p.name);
    assert.match(p.entry, /^dist\/[a-z]+\.js$/, p.name);
  }
});

/** Launches in /run for port 4321 and 64 tokens; the files the arguments name are written. */
function launch(p: Peer) {
  const l = p.launch("/pkg/entry.js", "/run", 4321, 64);
  assert.equal(l.args[0], "/pkg/entry.js", "node runs the entry script itself, no wrapper");
  for (const arg of l.args.filter((a) => a.startsWith("/run/"))) {
    assert.ok(arg.slice("/run/".length) in l.files, `${arg} is written`);
  }
  return l;
}

Deno.test("peers: aimock serves one catch-all fixture in 4-character chunks on the port", () => {
  const l = launch(peer("aimock"));
  const flag = (name: string) => l.args[l.args.indexOf(name) + 1];
  assert.equal(flag("--port"), "4321");
  assert.equal(flag("--host"), "127.0.0.1");
  assert.equal(flag("--chunk-size"), String(CHUNK_CHARS));
  const { fixtures } = JSON.parse(l.files["fixtures.json"]);
  assert.deepEqual(fixtures, [{ match: {}, response: { content: answerText(64) } }]);
});

Deno.test("peers: mock-llm's rule renders an OpenAI completion of the requested length", () => {
  const l = launch(peer("mock-llm"));
  assert.deepEqual(l.env, { HOST: "127.0.0.1", PORT: "4321" });
  const config = JSON.parse(l.files["mock-llm.yaml"]);
  assert.deepEqual(config.streaming, { chunkSize: CHUNK_CHARS, chunkIntervalMs: 0 });
  assert.equal(config.rules.length, 1);
  const [rule] = config.rules;
  assert.ok(new RegExp(rule.path).test("/v1/chat/completions"));
  assert.equal(rule.match, undefined, "no match expression: every request");
  // What mock-llm's template step does with the two placeholders used.
  const body = rule.response.content.replace("{{timestamp}}", "1").replace(
    "{{jmes request body.model}}",
    "gpt-4o",
  );
  const completion = JSON.parse(body);
  assert.equal(completion.model, "gpt-4o");
  assert.equal(completion.choices[0].message.content, answerText(64));
  assert.equal(completion.usage.completion_tokens, 64);
});

Deno.test("peers: without node every peer is skipped with the reason, nothing installed", async () => {
  const logged: string[] = [];
  const tools = { node: "/nonexistent/node", npm: "/nonexistent/npm", cacheDir: "/nonexistent" };
  const setup = await preparePeers(PEERS, tools, (l) => logged.push(l));
  assert.deepEqual(setup.ready, []);
  for (const p of PEERS) assert.equal(setup.skipped[p.name], "/nonexistent/node not found on PATH");
  assert.deepEqual(logged, []);
});

Deno.test("peers: Deno's node shim is not taken for Node.js", async () => {
  const tools = { node: Deno.execPath(), npm: "/nonexistent/npm", cacheDir: "/nonexistent" };
  const setup = await preparePeers(PEERS, tools, () => {});
  assert.deepEqual(setup.ready, []);
  for (const p of PEERS) assert.match(setup.skipped[p.name], /is not Node\.js \(--version: deno /);
});

Deno.test("peers: a cached install is used as is; a missing one needs npm", async () => {
  const cacheDir = await Deno.makeTempDir();
  try {
    const [cached, missing] = PEERS;
    const entry = `${cacheDir}/${cached.name}@${cached.version}/node_modules/${cached.pkg}/` +
      cached.entry;
    await Deno.mkdir(entry.slice(0, entry.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(entry, "");
    // Stands in for node: only `--version` is asked of it here.
    const node = `${cacheDir}/node`;
    await Deno.writeTextFile(node, "#!/bin/sh\necho v20.0.0\n", { mode: 0o755 });
    const tools = { node, npm: "/nonexistent/npm", cacheDir };
    const logged: string[] = [];
    const setup = await preparePeers(PEERS, tools, (l) => logged.push(l));
    assert.equal(setup.nodeVersion, "v20.0.0");
    assert.deepEqual(setup.ready, [{ peer: cached, entry, node }]);
    assert.deepEqual(Object.keys(setup.skipped), [missing.name]);
    assert.match(setup.skipped[missing.name], /^npm install failed: .*not found on PATH$/);
    assert.equal(logged.length, 1);
    assert.match(logged[0], new RegExp(`installing peer ${missing.name} \\(${missing.pkg}@`));
    const left = [...Deno.readDirSync(cacheDir)].map((e) => e.name).sort();
    assert.deepEqual(left, [`${cached.name}@${cached.version}`, "node"], "no partial install");
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
});
