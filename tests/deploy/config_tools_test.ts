/**
 * The kit's systemd unit, nginx and HAProxy configurations and shell scripts, checked by the real
 * tools (systemd-analyze, nginx -t, haproxy -c, shellcheck; installed by .ci/run). The files are
 * checked as written: the unit's /usr/local/bin/fakeai is provided in a private mount namespace
 * where possible; the load-balancer configurations need no name to resolve.
 */
import assert from "node:assert/strict";
import { canUnshare, DEPLOY, run } from "../support/kit_support.ts";
import { filesUnder } from "../support/files_under.ts";

const UNSHARE = canUnshare();
const UNIT = `${DEPLOY}systemd/fakeai.service`;

/** Runs `script` with /usr/local/bin/fakeai present. */
async function inNamespace(script: string): Promise<{ code: number; output: string }> {
  const setup = [
    "mount -t tmpfs tmpfs /usr/local/bin",
    "printf '#!/bin/sh\\n' > /usr/local/bin/fakeai && chmod +x /usr/local/bin/fakeai",
  ].join(" && ");
  return await run("unshare", ["-m", "sh", "-c", `${setup} && ${script}`]);
}

/** Without a namespace: a copy of `file` (and its folder) with the names replaced. */
async function withCopy(
  file: string,
  replace: Array<[RegExp, string]>,
  fn: (copy: string) => Promise<void>,
) {
  const dir = await Deno.makeTempDir({ prefix: "fakeai-cfg-" });
  try {
    const folder = file.slice(0, file.lastIndexOf("/"));
    for (const entry of Deno.readDirSync(folder)) {
      if (!entry.isFile) continue;
      let text = Deno.readTextFileSync(`${folder}/${entry.name}`);
      for (const [pattern, value] of replace) text = text.replace(pattern, value);
      Deno.writeTextFileSync(`${dir}/${entry.name}`, text);
    }
    await fn(`${dir}/${file.slice(folder.length + 1)}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("systemd: fakeai.service passes systemd-analyze verify without a warning", async () => {
  let r: { code: number; output: string };
  if (UNSHARE) r = await inNamespace(`systemd-analyze verify ${UNIT}`);
  else {
    const stub = await Deno.makeTempFile();
    Deno.chmodSync(stub, 0o755);
    await withCopy(UNIT, [[/\/usr\/local\/bin\/fakeai/g, stub]], async (copy) => {
      r = await run("systemd-analyze", ["verify", copy]);
    });
    await Deno.remove(stub);
  }
  assert.equal(r!.code, 0, r!.output);
  assert.equal(r!.output.trim(), "", "no warnings");
});

Deno.test("systemd: reload is SIGHUP, state and logs get their directories, the unit is hardened", async () => {
  const unit = Deno.readTextFileSync(UNIT);
  const has = (line: string) => assert.match(unit, new RegExp(`^${line}$`, "m"), line);
  has("ExecReload=/bin/kill -HUP \\$MAINPID");
  has("ExecStart=/usr/local/bin/fakeai server");
  for (const dir of ["StateDirectory", "LogsDirectory", "CacheDirectory"]) has(`${dir}=fakeai`);
  for (const key of ["NoNewPrivileges", "ProtectHome", "PrivateTmp", "PrivateDevices"]) {
    has(`${key}=yes`);
  }
  has("ProtectSystem=strict");
  has('Environment="FAKEAI_METRICS_DB_PATH=/var/lib/fakeai/metrics.db"');
  has('Environment="FAKEAI_LOG_FILE=/var/log/fakeai/fakeai.log"');
  assert.doesNotMatch(unit, /^MemoryDenyWriteExecute=yes/m, "V8's JIT needs W+X pages");
  const stop = Number(/^TimeoutStopSec=(\d+)$/m.exec(unit)![1]);
  assert.ok(stop > 25, "systemd waits longer than FakeAI's drain");
  if (UNSHARE) {
    const r = await inNamespace(`systemd-analyze security --offline=yes --no-pager ${UNIT}`);
    const level = /Overall exposure level for fakeai\.service: ([\d.]+)/.exec(r.output);
    assert.ok(level, r.output);
    assert.ok(Number(level[1]) <= 3.5, `exposure ${level[1]}`);
  }
});

Deno.test("nginx: both main configurations pass nginx -t as shipped, no name resolved", async () => {
  for (const name of ["nginx.conf", "nginx-compose.conf"]) {
    const r = await run("nginx", ["-t", "-c", `${DEPLOY}lb/${name}`]);
    assert.equal(r.code, 0, r.output);
    assert.match(r.output, /test is successful/, name);
    assert.doesNotMatch(r.output, /\[warn\]|\[emerg\]/, r.output);
  }
  const site = Deno.readTextFileSync(`${DEPLOY}lb/fakeai.conf`);
  for (
    const line of [
      "proxy_buffering off;",
      "proxy_http_version 1.1;",
      "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
    ]
  ) {
    assert.ok(site.includes(line), line);
  }
  assert.ok(Deno.readTextFileSync(`${DEPLOY}lb/nginx.conf`).includes("keepalive 32;"));
  assert.match(site, /proxy_read_timeout (\d+)s;/);
  assert.ok(Number(/proxy_read_timeout (\d+)s;/.exec(site)![1]) >= 300);
});

Deno.test("haproxy: the load-balancer configuration passes haproxy -c as shipped", async () => {
  const cfg = `${DEPLOY}lb/haproxy.cfg`;
  const r = await run("haproxy", ["-c", "-f", cfg]);
  assert.equal(r.code, 0, r.output);
  assert.match(r.output, /Configuration file is valid/);
  assert.doesNotMatch(r.output, /\[WARNING\]|\[ALERT\]/, r.output);
  const text = Deno.readTextFileSync(cfg);
  assert.match(text, /option httpchk GET \/health/);
  assert.match(text, /^\s+option forwardfor$/m);
  assert.match(text, /timeout server 300s/);
  assert.match(text, /timeout tunnel /);
});

Deno.test("scripts: shellcheck finds nothing in the kit's shell scripts", async () => {
  const scripts = filesUnder(DEPLOY).filter((f) => f.endsWith(".sh"));
  assert.equal(scripts.length, 4);
  let r: { code: number; output: string };
  try {
    r = await run("shellcheck", scripts);
  } catch (err) {
    throw new Error(`shellcheck is not installed (apt-get install shellcheck): ${err}`);
  }
  assert.equal(r.code, 0, r.output);
  for (const script of scripts) assert.ok((Deno.statSync(script).mode! & 0o111) !== 0, script);
});
