/**
 * deploy/scripts against real servers: backup-fakeai.sh copies a LIVE server's metrics database
 * (SQLite online backup, WAL included) with the config and keys files; restore-fakeai.sh refuses a
 * database in use before it writes anything and restores into a new path; a server started on it continues the counters.
 * health-check.sh passes with curl or, without curl, with `fakeai healthcheck`.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import OpenAI from "openai";
import { type FakeAIProcess, FAST_ARGS, startFakeAI } from "../support/fakeai_process.ts";
import { DEPLOY, ROOT, run } from "../support/kit_support.ts";
import { waitFor } from "../support/wait.ts";

const SCRIPTS = `${DEPLOY}scripts/`;
const OK_LABELS = { endpoint: "/v1/chat/completions", status: "200" };

const persisted = (db: string) => ({
  FAKEAI_METRICS_PERSISTENCE_ENABLED: "true",
  FAKEAI_METRICS_DB_PATH: db,
  FAKEAI_METRICS_PERSISTENCE_INTERVAL_SECONDS: "1",
});

async function chats(server: FakeAIProcess, n: number) {
  const client = new OpenAI({ baseURL: server.baseURL, apiKey: "sk", maxRetries: 0 });
  for (let i = 0; i < n; i++) {
    await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: `hello ${i}` }],
      max_tokens: 4,
    });
  }
}

/** The live counter of successful chat completions, from /metrics/prometheus. */
async function liveCount(server: FakeAIProcess): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics/prometheus`)).text();
  const line = text.split("\n").find((l) =>
    l.startsWith("fakeai_requests_total{") && l.includes(`endpoint="${OK_LABELS.endpoint}"`) &&
    l.includes(`status="${OK_LABELS.status}"`)
  );
  return line ? Number(line.split(" ").pop()) : 0;
}

/** The same counter as stored in a database file (read-only). */
function storedCount(path: string): number {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const rows = db.prepare("SELECT labels, value FROM counters WHERE name = ?")
      .all("fakeai_requests_total") as { labels: string; value: number }[];
    return rows.filter((r) => {
      const labels = JSON.parse(r.labels);
      return labels.endpoint === OK_LABELS.endpoint && labels.status === OK_LABELS.status;
    }).reduce((sum, r) => sum + r.value, 0);
  } finally {
    db.close();
  }
}

/** Waits (bounded) until the running server's periodic snapshot has stored `value`. */
async function untilStored(server: FakeAIProcess, value: number) {
  const labels = encodeURIComponent(JSON.stringify(OK_LABELS));
  const url = `${server.url}/metrics/history?metric=fakeai_requests_total&labels=${labels}`;
  await waitFor(`the server to store ${value}`, async () => {
    const body = await (await fetch(url)).json();
    return body.data?.some((row: { value: number }) => row.value === value);
  }, { attempts: 400, intervalMs: 25 });
}

Deno.test("backup/restore: a live server's metrics DB is backed up online and restored elsewhere", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fakeai-backup-" });
  const db = `${dir}/state/metrics.db`;
  const newDb = `${dir}/new-state/metrics.db`;
  Deno.mkdirSync(`${dir}/etc`);
  Deno.writeTextFileSync(`${dir}/etc/config.yaml`, "server:\n  port: 8000\n");
  Deno.writeTextFileSync(`${dir}/etc/api-keys.txt`, "sk-one\nsk-two\n");
  const backupEnv = {
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    BACKUP_DIR: `${dir}/backup`,
    CONFIG_FILE: `${dir}/etc/config.yaml`,
    API_KEYS_FILE: `${dir}/etc/api-keys.txt`,
    ENV_FILE: `${dir}/etc/none.env`,
    UNIT_FILE: `${dir}/etc/none.service`,
    FAKEAI_METRICS_DB_PATH: db,
  };
  try {
    // A first run leaves 3 requests in the database; the second (live) run adds 2 more.
    const first = await startFakeAI({ args: FAST_ARGS, env: persisted(db) });
    await chats(first, 3);
    assert.equal(await first.stop(), 0);
    const live = await startFakeAI({ args: FAST_ARGS, env: persisted(db) });
    let archive: string;
    try {
      await chats(live, 2);
      assert.equal(await liveCount(live), 5);
      await untilStored(live, 5); // in the WAL of a database the server holds open

      const backup = await run("bash", [`${SCRIPTS}backup-fakeai.sh`], { env: backupEnv });
      assert.equal(backup.code, 0, backup.output);
      assert.match(backup.output, /metrics\.db \(online backup, integrity ok\)/);
      assert.match(backup.output, /none\.env \(not present, skipped\)/);
      archive = /Backup completed: (\S+)/.exec(backup.output)![1];
      assert.match(archive, /\/backup\/fakeai-backup-\d{8}-\d{6}\.tar\.gz$/);

      // The database of a running FakeAI is never replaced under it, and the refusal comes
      // before the config and keys files are touched.
      const oldFiles = { "config.yaml": "server:\n  port: 9000\n", "api-keys.txt": "sk-old\n" };
      Deno.mkdirSync(`${dir}/restored${dir}/etc`, { recursive: true });
      for (const [name, text] of Object.entries(oldFiles)) {
        Deno.writeTextFileSync(`${dir}/restored${dir}/etc/${name}`, text);
      }
      const refused = await run("bash", [`${SCRIPTS}restore-fakeai.sh`, archive], {
        env: { PATH: backupEnv.PATH, ROOT: `${dir}/restored`, METRICS_DB: db },
      });
      assert.equal(refused.code, 1, refused.output);
      assert.match(refused.output, /in use by a running FakeAI; stop it first/);
      assert.doesNotMatch(refused.output, /\+ /, "nothing was written");
      for (const [name, text] of Object.entries(oldFiles)) {
        assert.equal(Deno.readTextFileSync(`${dir}/restored${dir}/etc/${name}`), text, name);
      }
      await chats(live, 1); // the live server is unharmed
    } finally {
      assert.equal(await live.stop(), 0);
    }

    const restore = await run("bash", [`${SCRIPTS}restore-fakeai.sh`, archive], {
      env: { PATH: backupEnv.PATH, ROOT: `${dir}/restored`, METRICS_DB: newDb },
    });
    assert.equal(restore.code, 0, restore.output);
    assert.equal(storedCount(newDb), 5, "the backup holds what was in the WAL");
    for (const name of ["config.yaml", "api-keys.txt"]) {
      assert.equal(
        Deno.readTextFileSync(`${dir}/restored${dir}/etc/${name}`),
        Deno.readTextFileSync(`${dir}/etc/${name}`),
      );
    }

    const restored = await startFakeAI({ args: FAST_ARGS, env: persisted(newDb) });
    try {
      assert.equal(await liveCount(restored), 5, "counters continue from the backup");
      await chats(restored, 2);
      assert.equal(await liveCount(restored), 7);
    } finally {
      assert.equal(await restored.stop(), 0);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("backup: without sqlite3 a live database is not copied at all (never a raw cp)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fakeai-backup-" });
  try {
    Deno.writeTextFileSync(`${dir}/metrics.db`, "");
    const r = await run("bash", [`${SCRIPTS}backup-fakeai.sh`, "weekly"], {
      env: {
        PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
        SQLITE3: "no-such-sqlite3",
        BACKUP_DIR: `${dir}/backup`,
        FAKEAI_METRICS_DB_PATH: `${dir}/metrics.db`,
        CONFIG_FILE: `${dir}/none`,
      },
    });
    assert.equal(r.code, 1, r.output);
    assert.match(r.output, /no-such-sqlite3 not found; it is needed for a consistent copy/);
    assert.deepEqual([...Deno.readDirSync(`${dir}/backup`)], [], "no partial archive");
    const usage = await run("bash", [`${SCRIPTS}backup-fakeai.sh`, "hourly"]);
    assert.equal(usage.code, 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("health-check.sh: passes with curl and with `fakeai healthcheck`, fails after its retries", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fakeai-hc-" });
  // The binary as an operator has it: a `fakeai` command on PATH.
  const fakeai = `${dir}/fakeai`;
  Deno.writeTextFileSync(
    fakeai,
    `#!/bin/sh\nexec "${Deno.execPath()}" run -A "${ROOT}main.ts" "$@"\n`,
  );
  Deno.chmodSync(fakeai, 0o755);
  const script = `${SCRIPTS}health-check.sh`;
  const env = (endpoint: string, extra: Record<string, string> = {}) => ({
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    ENDPOINT: endpoint,
    RETRY_DELAY: "0",
    ...extra,
  });
  const server = await startFakeAI({ args: FAST_ARGS });
  const endpoint = `${server.url}/health`;
  try {
    const withCurl = await run("bash", [script], { env: env(endpoint) });
    assert.equal(withCurl.code, 0, withCurl.output);
    assert.equal(withCurl.output, "Health check passed\n");
    const noCurl = await run("bash", [script], {
      env: env(endpoint, { CURL: "no-such-curl", FAKEAI: fakeai }),
    });
    assert.equal(noCurl.code, 0, noCurl.output);
    assert.equal(noCurl.output, "Health check passed\n");
  } finally {
    assert.equal(await server.stop(), 0);
  }
  try {
    const variants: Record<string, string>[] = [{}, { CURL: "no-such-curl", FAKEAI: fakeai }];
    for (const extra of variants) {
      const down = await run("bash", [script], {
        env: env(endpoint, { MAX_RETRIES: "2", ...extra }),
      });
      assert.equal(down.code, 1, down.output);
      assert.match(down.output, /attempt 2\/2/);
      assert.match(down.stdout, /Health check failed after 2 attempts\n$/);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
