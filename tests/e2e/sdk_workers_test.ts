/**
 * The official SDK e2e suites (and TLS, metrics persistence, the access log) again, every server
 * started with `--workers 2` (E2E_WORKERS, see tests/support/fakeai_process.ts): whatever they do
 * against one isolate works against two.
 */
import assert from "node:assert/strict";

const SUITES = [
  "chat_sdk_test.ts",
  "completions_test.ts",
  "embeddings_test.ts",
  "files_batches_sdk_test.ts",
  "images_sdk_test.ts",
  "audio_sdk_test.ts",
  "responses_test.ts",
  "moderations_test.ts",
  "metrics_test.ts",
  "live_metrics_test.ts",
  "faults_test.ts",
  "auth_test.ts",
  "security_test.ts",
  "rate_limit_test.ts",
  "dcgm_test.ts",
  "context_validation_test.ts",
  "ai_sdk_langchain_test.ts",
  "tls_test.ts",
  "metrics_persistence_test.ts",
  "access_log_test.ts",
];

Deno.test("e2e: the SDK suites pass against --workers 2", async () => {
  const here = new URL(".", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["test", "--frozen", "-A", ...SUITES.map((file) => `${here}${file}`)],
    env: { E2E_WORKERS: "2", NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  const summary = text.match(/^(ok|FAILED) \| \d+ passed.*$/m)?.[0] ?? "no summary";
  assert.equal(out.code, 0, `${summary}\n${text.slice(-4000)}`);
  assert.match(summary, /^ok \| \d+ passed \| 0 failed/);
});
