/**
 * `--workers N` end to end: the real CLI with 4 isolates on one port, every request on a new
 * connection so the kernel spreads them, and each property of "one server" checked across the
 * workers that answered (x-fakeai-worker).
 */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { type FakeAIProcess, FAST_ARGS, startFakeAI } from "../support/fakeai_process.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { type Frame, WsFrames } from "../support/ws_frames.ts";
import { waitFor } from "../support/wait.ts";

/** No idle connection is kept: each request opens its own. */
const freshConnections = () => Deno.createHttpClient({ poolMaxIdlePerHost: 0 });

async function withWorkers(
  args: string[],
  fn: (server: FakeAIProcess, send: Send) => Promise<void>,
  env: Record<string, string> = {},
): Promise<void> {
  const server = await startFakeAI({ args: [...FAST_ARGS, "--workers", "4", ...args], env });
  const client = freshConnections();
  const send: Send = async (path, init = {}) => {
    const response = await fetch(`${server.url}${path}`, { ...init, client });
    const text = await response.text();
    return { response, text, worker: response.headers.get("x-fakeai-worker") };
  };
  try {
    await fn(server, send);
  } finally {
    client.close();
    assert.equal(await server.stop(), 0, server.stderr.join("\n"));
  }
}

type Send = (
  path: string,
  init?: RequestInit,
) => Promise<{ response: Response; text: string; worker: string | null }>;

/** An Anthropic Messages request. */
const message = (content: string): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json", "anthropic-version": "2023-06-01" },
  body: JSON.stringify({
    model: "claude-sonnet-4-5",
    messages: [{ role: "user", content }],
    max_tokens: 8,
  }),
});

const chat = (content: string, extra: Record<string, unknown> = {}): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content }],
    max_tokens: 8,
    ...extra,
  }),
});

Deno.test("workers: connections spread over at least 3 of 4 isolates, logged as one server", async () => {
  await withWorkers([], async (server, send) => {
    const seen = new Set<string>();
    for (let i = 0; i < 60 && seen.size < 4; i++) {
      const { response, worker } = await send("/health");
      assert.equal(response.status, 200);
      assert.ok(worker !== null);
      seen.add(worker);
    }
    assert.ok(seen.size >= 3, `answered by workers ${[...seen]}`);
    const listening = server.stderr.filter((line) => line.includes('"msg":"listening"'));
    assert.equal(listening.length, 1, "one listening line");
    assert.equal(JSON.parse(listening[0]).workers, 4);
  });
});

Deno.test("workers: a seeded request gets the same answer from every worker", async () => {
  await withWorkers([], async (_server, send) => {
    const answers = new Map<string, string>();
    for (let i = 0; i < 40 && answers.size < 3; i++) {
      const { text, worker } = await send("/v1/chat/completions", chat("Seeded?", { seed: 42 }));
      answers.set(worker!, JSON.parse(text).choices[0].message.content);
    }
    assert.ok(answers.size >= 2, `workers ${[...answers.keys()]}`);
    assert.equal(new Set(answers.values()).size, 1, [...answers.values()].join(" | "));
  });
});

Deno.test("workers: rate limits are exact across isolates under 500 concurrent requests", async () => {
  await withWorkers([], async (_server, send) => {
    const startedAt = performance.now();
    const results = await Promise.all(
      Array.from({ length: 500 }, () => send("/v1/chat/completions", chat("Hi"))),
    );
    // The bucket refills 100/60 tokens a second: on a slow machine a burst that takes longer than
    // 0.6 s may see one more. Per-isolate buckets would admit up to 400.
    const refilled = Math.floor(((performance.now() - startedAt) / 1000) * (100 / 60));
    const statuses = results.map((r) => r.response.status);
    const admitted = statuses.filter((s) => s === 200).length;
    assert.ok(
      admitted >= 100 && admitted <= 100 + refilled,
      `${admitted} admitted: the limit (100) plus at most ${refilled} refilled`,
    );
    assert.equal(statuses.filter((s) => s === 429).length, 500 - admitted);
    const workers = new Set(results.map((r) => r.worker));
    assert.ok(workers.size >= 3, `served by ${[...workers]}`);
  }, { FAKEAI_RATE_LIMIT_ENABLED: "true", FAKEAI_RATE_LIMIT_RPM: "100" });
});

Deno.test("workers: a file uploaded through one worker is read through the others", async () => {
  await withWorkers([], async (_server, send) => {
    const form = new FormData();
    form.append("purpose", "batch");
    form.append("file", new Blob(['{"a":1}\n']), "lines.jsonl");
    const upload = await send("/v1/files", { method: "POST", body: form });
    assert.equal(upload.response.status, 200, upload.text);
    const id = JSON.parse(upload.text).id;
    const readers = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const { response, text, worker } = await send(`/v1/files/${id}/content`);
      assert.equal(response.status, 200, text);
      assert.equal(text, '{"a":1}\n');
      readers.add(worker!);
    }
    assert.ok(readers.size >= 3, `read through ${[...readers]}`);
  });
});

Deno.test("workers: one prompt's prefix-cache hit is the same whichever worker takes it", async () => {
  await withWorkers([], async (_server, send) => {
    const prompt = "Explain the scheduler of a serving engine in detail. ".repeat(40);
    const first = JSON.parse((await send("/v1/chat/completions", chat(prompt))).text);
    assert.equal(first.usage.prompt_tokens_details.cached_tokens, 0);
    const hits = new Map<string, number>();
    for (let i = 0; i < 30 && hits.size < 3; i++) {
      const { text, worker } = await send("/v1/chat/completions", chat(prompt));
      hits.set(worker!, JSON.parse(text).usage.prompt_tokens_details.cached_tokens);
    }
    assert.ok(hits.size >= 2, `workers ${[...hits.keys()]}`);
    const cached = [...hits.values()];
    assert.ok(cached[0] > 0, `cached ${cached}`);
    assert.equal(new Set(cached).size, 1, `same hit everywhere: ${cached}`);
  });
});

Deno.test("workers: merged metrics count every request, whichever worker served it", async () => {
  await withWorkers([], async (_server, send) => {
    const workers = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const { response, worker } = await send("/v1/chat/completions", chat(`Count ${i}`));
      assert.equal(response.status, 200);
      workers.add(worker!);
    }
    assert.ok(workers.size >= 3, `served by ${[...workers]}`);
    const messageWorkers = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const { response, worker } = await send("/v1/messages", message(`Count ${i}`));
      assert.equal(response.status, 200);
      messageWorkers.add(worker!);
    }
    assert.ok(messageWorkers.size >= 2, `messages served by ${[...messageWorkers]}`);
    const kv = JSON.parse((await send("/kv-cache/metrics")).text).cache_performance;
    assert.equal(kv.total_lookups, 42);
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(kv.by_endpoint as Record<string, { lookups: number }>)
          .map(([endpoint, s]) => [endpoint, s.lookups]),
      ),
      { "/v1/chat/completions": 30, "/v1/messages": 12 },
      "KV lookups by endpoint: the whole server's, whichever worker served them",
    );
    for (let scrape = 0; scrape < 4; scrape++) {
      const { text } = await send("/metrics/prometheus");
      const total = text.split("\n")
        .filter((l) => l.startsWith("fakeai_requests_total{") && l.includes("/v1/chat/completions"))
        .reduce((sum, l) => sum + Number(l.split(" ").pop()), 0);
      assert.equal(total, 30, "every chat request counted once, on any scraping worker");
      const json = JSON.parse((await send("/metrics")).text);
      assert.ok(json, "JSON view answers too");
    }
    const health = JSON.parse((await send("/health/detailed")).text);
    assert.deepEqual(health.workers.map((w: { worker: number }) => w.worker), [0, 1, 2, 3]);
    const busy = health.workers.filter((w: { requests: number }) => w.requests > 0);
    assert.ok(busy.length >= 3, `a breakdown by worker: ${JSON.stringify(health.workers)}`);
  });
});

Deno.test("workers: the official SDK streams and stores across workers", async () => {
  await withWorkers([], async (server) => {
    const fetchFresh: typeof fetch = (input, init) =>
      fetch(input, { ...init, client: freshConnections() } as unknown as RequestInit);
    const client = new OpenAI({
      baseURL: server.baseURL,
      apiKey: "sk-test",
      maxRetries: 0,
      fetch: fetchFresh,
    });
    const stream = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Stream please" }],
      max_tokens: 12,
      stream: true,
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    assert.ok(text.length > 0);
    const stored = await client.responses.create({ model: "gpt-4o-mini", input: "Remember me" });
    for (let i = 0; i < 8; i++) {
      const again = await client.responses.retrieve(stored.id);
      assert.equal(again.id, stored.id);
    }
  });
});

Deno.test("workers: SIGTERM drains open streams on every worker and exits 0 once", async () => {
  const server = await startFakeAI({
    args: ["--workers", "4", "--ttft", "0", "--itl", "40", "--response-delay", "0"],
  });
  const client = freshConnections();
  try {
    const streams = await Promise.all(Array.from({ length: 16 }, async () => {
      const response = await fetch(`${server.url}/v1/chat/completions`, {
        ...chat("Drain me", { stream: true, max_tokens: 20 }),
        client,
      });
      return { response, worker: response.headers.get("x-fakeai-worker") };
    }));
    const workers = new Set(streams.map((s) => s.worker));
    assert.ok(workers.size >= 3, `streams on ${[...workers]}`);
    const bodies = streams.map((s) => s.response.text());
    const code = server.stop("SIGTERM");
    for (const body of await Promise.all(bodies)) assert.ok(body.trimEnd().endsWith("[DONE]"));
    assert.equal(await code, 0);
    const stopped = server.stderr.filter((line) => line.includes('"msg":"stopped"'));
    assert.equal(stopped.length, 1, server.stderr.join("\n"));
  } finally {
    client.close();
  }
});

Deno.test("workers: SIGHUP reloads the keys file in every worker", async () => {
  await withTempDir({ "keys.txt": "sk-old\n" }, async (dir) => {
    const keys = `${dir}/keys.txt`;
    await withWorkers(["--api-keys-file", keys], async (server, send) => {
      const ask = (key: string) =>
        send("/v1/models", { headers: { authorization: `Bearer ${key}` } });
      assert.equal((await ask("sk-old")).response.status, 200);
      Deno.writeTextFileSync(keys, "sk-new\n");
      server.child.kill("SIGHUP");
      const reloaded = () =>
        server.stderr.filter((l) => l.includes('"msg":"API keys reloaded"')).length;
      for (let i = 0; i < 200 && reloaded() < 4; i++) await new Promise((r) => setTimeout(r, 25));
      assert.equal(reloaded(), 4, "the main thread and the three workers");
      const answered = new Set<string>();
      for (let i = 0; i < 20; i++) {
        const { response, worker } = await ask("sk-new");
        assert.equal(response.status, 200);
        answered.add(worker!);
        assert.equal((await ask("sk-old")).response.status, 401);
      }
      assert.ok(answered.size >= 3, `workers ${[...answered]}`);
    });
  });
});

Deno.test("workers: the live metrics WebSocket shows the whole server on every worker", async () => {
  await withWorkers([], async (server, send) => {
    const url = `${server.url.replace(/^http/, "ws")}/metrics/streaming`;
    const sockets = Array.from({ length: 4 }, () => new WsFrames(url));
    try {
      await Promise.all(sockets.map((ws) => ws.opened));
      for (const ws of sockets) {
        ws.send({ type: "subscribe", interval_ms: 100, metrics: ["models"] });
      }
      for (let i = 0; i < 12; i++) {
        assert.equal((await send("/v1/chat/completions", chat(`Live ${i}`))).response.status, 200);
      }
      const requests = (f: Frame) =>
        (f.models as Record<string, Record<string, number>> | undefined)?.["gpt-4o-mini"]
          ?.requests_total;
      for (const ws of sockets) await ws.until((f) => f.type === "metrics" && requests(f) === 12);
    } finally {
      for (const ws of sockets) ws.socket.close(1000, "done");
      await Promise.all(sockets.map((ws) => ws.closed));
    }
  });
});

Deno.test("workers: in engine latency mode one scheduler batches every worker's requests", async () => {
  const env = {
    FAKEAI_LATENCY_MODE: "engine",
    FAKEAI_ENGINE_MAX_NUM_SEQS: "1",
    FAKEAI_KV_CACHE_NUM_WORKERS: "1",
    FAKEAI_ENGINE_DECODE_BASE_MS: "50",
  };
  await withWorkers([], async (_server, send) => {
    const streams = Array.from(
      { length: 6 },
      (_, i) => send("/v1/chat/completions", chat(`Queue ${i}`, { stream: true, max_tokens: 8 })),
    );
    const gauge = (text: string, name: string) =>
      text.split("\n").filter((l) => l.startsWith(`${name}{`))
        .reduce((sum, l) => sum + Number(l.split(" ").pop()), 0);
    const seen = await waitFor("all six requests in the scheduler", async () => {
      const { text } = await send("/metrics/vllm");
      const running = gauge(text, "vllm:num_requests_running");
      const waiting = gauge(text, "vllm:num_requests_waiting");
      return running + waiting === 6 ? { running, waiting } : null;
    }, { intervalMs: 20, attempts: 200 });
    assert.deepEqual(seen, { running: 1, waiting: 5 }, "one batch slot for the whole server");
    const answered = await Promise.all(streams);
    assert.ok(new Set(answered.map((a) => a.worker)).size >= 2, "taken by several workers");
    for (const a of answered) assert.ok(a.text.trimEnd().endsWith("[DONE]"));
  }, env);
});

Deno.test("workers: a client banned through any worker is refused by every worker", async () => {
  const env = {
    FAKEAI_ENABLE_ABUSE_DETECTION: "true",
    FAKEAI_ABUSE_VIOLATION_THRESHOLD: "3",
    FAKEAI_ABUSE_BAN_SECONDS: "120",
    FAKEAI_TRUSTED_PROXIES: "127.0.0.1,::1",
  };
  await withWorkers([], async (server, send) => {
    const from = (ip: string, init: RequestInit = {}) => ({
      ...init,
      headers: { ...init.headers, "x-forwarded-for": ip, "content-type": "application/json" },
    });
    const violators = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const bad = await send("/v1/chat/completions", from("198.51.100.66", chat("x", { n: -1 })));
      assert.equal(bad.response.status, 400);
      violators.add(bad.worker!);
    }
    const refusedBy = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const { response, text, worker } = await send("/v1/models", from("198.51.100.66"));
      assert.equal(response.status, 403, text);
      assert.equal(JSON.parse(text).error.code, "ip_banned");
      refusedBy.add(worker!);
    }
    assert.ok(
      refusedBy.size >= 3,
      `refused by ${[...refusedBy]} (violations on ${[...violators]})`,
    );
    assert.equal((await send("/v1/models", from("198.51.100.7"))).response.status, 200);
    const metrics = JSON.parse((await send("/metrics")).text);
    assert.deepEqual(metrics.abuse, {
      enabled: true,
      violations: 3,
      bans: 1,
      blocked_requests: 20,
    });
    const banLines = server.stderr.filter((l) => l.includes('"msg":"client banned"'));
    assert.equal(banLines.length, 1, "logged once, by the owner");
  }, env);
});

Deno.test("workers: an image generated by one worker is served by every worker", async () => {
  await withWorkers([], async (_server, send) => {
    const made = await send("/v1/images/generations", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "dall-e-2", prompt: "a lighthouse", size: "256x256" }),
    });
    assert.equal(made.response.status, 200, made.text);
    const url = new URL(JSON.parse(made.text).data[0].url);
    const servers = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const { response, text, worker } = await send(url.pathname);
      assert.equal(response.status, 200, text);
      assert.equal(response.headers.get("content-type"), "image/png");
      servers.add(worker!);
    }
    assert.ok(servers.size >= 3, `served by ${[...servers]}`);
  });
});

Deno.test("workers: /kv-cache/events carries the blocks every worker stores", async () => {
  await withWorkers([], async (server, send) => {
    const events = await fetch(`${server.url}/kv-cache/events`, { client: freshConnections() });
    const reader = events.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    const workers = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const prompt = `Prompt number ${i} about caching blocks of tokens. `.repeat(8);
      workers.add((await send("/v1/chat/completions", chat(prompt))).worker!);
    }
    // Missing events must fail the test, not hang it: stop reading after 10 s.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeUp = new Promise<{ done: true; value: undefined }>((resolve) => {
      timer = setTimeout(() => resolve({ done: true, value: undefined }), 10_000);
    });
    while ((text.match(/event: stored/g) ?? []).length < 12) {
      const { value, done } = await Promise.race([reader.read(), timeUp]);
      if (done) break;
      text += value;
    }
    clearTimeout(timer);
    await reader.cancel();
    assert.equal((text.match(/event: stored/g) ?? []).length, 12, "one per request");
    assert.ok(workers.size >= 3, `served by ${[...workers]}`);
  });
});

Deno.test("workers: scenario sequences and hits count once for the whole server", async () => {
  const rules = `rules:\n  - name: greeting\n    match: { last_user_message: ping }\n` +
    `    respond:\n      sequence: [{ content: one }, { content: two }, { content: three }]\n` +
    `  - name: hello\n    match: { last_user_message: hello }\n` +
    `    respond:\n      sequence: [{ content: uno }, { content: dos }, { content: tres }]\n`;
  await withTempDir({ "rules.yaml": rules }, async (dir) => {
    await withWorkers(["--scenarios", `${dir}/rules.yaml`], async (_server, send) => {
      const answers: string[] = [];
      for (let i = 0; i < 3; i++) {
        const { text } = await send("/v1/chat/completions", chat("ping"));
        answers.push(JSON.parse(text).choices[0].message.content);
      }
      assert.deepEqual(answers, ["one", "two", "three"], "one counter, whichever worker took it");
      const replies: string[] = [];
      for (let i = 0; i < 3; i++) {
        const { text } = await send("/v1/messages", message("hello"));
        replies.push(JSON.parse(text).content[0].text);
      }
      assert.deepEqual(replies, ["uno", "dos", "tres"], "Anthropic Messages too");
      const listed = JSON.parse((await send("/v1/fakeai/scenarios")).text);
      assert.deepEqual(listed.data.map((r: { hits: number }) => r.hits), [3, 3]);
    });
  });
});
