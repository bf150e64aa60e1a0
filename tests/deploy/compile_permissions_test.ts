/**
 * The single executable's permissions: the real CLI started with EXACTLY the compile flags (no -A,
 * no prompt) serves chat, files, metrics (persisted), DCGM, its log file and the ops commands.
 */
import assert from "node:assert/strict";
import OpenAI, { toFile } from "openai";
import { runCli, startFakeAI } from "../support/fakeai_process.ts";
import {
  compileTask,
  denoTasks,
  flagsUnderTest,
  NARROWEST,
  permissionFlags,
} from "../support/compile_flags.ts";

const covers = (flags: string[], wanted: string) => {
  const [name, values] = wanted.split("=");
  return flags.some((f) => {
    const [fname, fvalues] = f.split("=");
    if (fname !== name) return false;
    if (fvalues === undefined) return true; // unrestricted
    return values !== undefined && values.split(",").every((v) => fvalues.split(",").includes(v));
  });
};

Deno.test("compile flags: the compile tasks grant what FakeAI needs and nothing like -A, run or ffi", () => {
  const tasks = denoTasks();
  const names = Object.keys(tasks).filter((n) => n === "compile" || n.startsWith("compile:"));
  assert.ok(names.includes("compile"), "deno.json has a compile task");
  const compiled = permissionFlags(compileTask().join(" "));
  for (const wanted of NARROWEST) assert.ok(covers(compiled, wanted), `compile lacks ${wanted}`);
  for (const flag of compiled) {
    assert.doesNotMatch(flag, /^(-A|--allow-all|--allow-run|--allow-ffi|--allow-import)/, flag);
  }
  assert.ok(compileTask().includes("--frozen"), "compile uses the lockfile as committed");
});

Deno.test("compile flags: server, files, persisted metrics, DCGM, log file and ops commands work under them", async () => {
  const permissions = flagsUnderTest();
  const dir = await Deno.makeTempDir({ prefix: "fakeai-perm-" });
  const server = await startFakeAI({
    permissions,
    args: ["--response-delay", "0", "--ttft", "0", "--itl", "0"],
    env: {
      FAKEAI_METRICS_PERSISTENCE_ENABLED: "true",
      FAKEAI_METRICS_DB_PATH: `${dir}/state/metrics.db`,
      FAKEAI_FILES_DIR: `${dir}/files`,
      FAKEAI_LOG_FILE: `${dir}/logs/fakeai.log`,
    },
  });
  try {
    const client = new OpenAI({ baseURL: server.baseURL, apiKey: "sk-test", maxRetries: 0 });
    const chat = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "hello" }],
      max_tokens: 8,
    });
    assert.ok(chat.usage!.completion_tokens > 0);
    const stream = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "hello" }],
      max_tokens: 8,
      stream: true,
    });
    let chunks = 0;
    for await (const _ of stream) chunks++;
    assert.ok(chunks > 1);

    const file = await client.files.create({
      file: await toFile(new TextEncoder().encode("notes\n"), "notes.txt"),
      purpose: "assistants",
    });
    assert.equal(await (await client.files.content(file.id)).text(), "notes\n");
    assert.ok([...Deno.readDirSync(`${dir}/files`)].length > 0, "the files dir was written");

    for (const path of ["/metrics", "/metrics/prometheus", "/metrics/vllm", "/health/detailed"]) {
      const res = await fetch(server.url + path);
      const text = await res.text();
      assert.equal(res.status, 200, `${path}: ${text}`);
    }
    const memory = (await (await fetch(`${server.url}/metrics`)).json()).memory;
    assert.ok(memory.rss_bytes > 0);
    // --allow-sys=hostname is what makes the label the machine's name instead of a fallback.
    const dcgm = await (await fetch(`${server.url}/dcgm/metrics/json`)).json();
    assert.equal(dcgm.hostname, Deno.hostname());

    const ops = { permissions, env: { FAKEAI_PORT: new URL(server.url).port } };
    const health = await runCli(["healthcheck"], ops);
    assert.equal(health.code, 0, health.stderr);
    const status = await runCli(["status"], ops);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /requests total/);
    const prom = await runCli(["metrics", "--format", "prometheus"], ops);
    assert.equal(prom.code, 0, prom.stderr);
    assert.match(prom.stdout, /^fakeai_requests_total\{/m);
    const version = await runCli(["--version"], { permissions });
    assert.match(version.stdout, /^fakeai \d+\.\d+\.\d+ \(deno \d+\.\d+\.\d+\)\n$/);
  } finally {
    assert.equal(await server.stop(), 0);
  }
  try {
    const all = server.stderr.join("\n");
    assert.doesNotMatch(all, /NotCapable|Requires \w+ access|PermissionDenied/);
    const log = Deno.readTextFileSync(`${dir}/logs/fakeai.log`);
    assert.match(log, /"msg":"listening"/);
    assert.match(log, /"path":"\/v1\/chat\/completions"/);
    assert.ok(Deno.statSync(`${dir}/state/metrics.db`).size > 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
