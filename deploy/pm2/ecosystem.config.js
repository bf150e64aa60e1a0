// PM2 ecosystem for FakeAI: pm2 start ecosystem.config.js
//
// FakeAI is a single executable, not a Node.js script, so it runs in PM2's fork mode with
// interpreter "none". The guide's `exec_mode: 'cluster', instances: 4` maps to FakeAI's own
// workers: one process, FAKEAI_WORKERS=4 isolates on one port (or "auto": one per CPU), with one
// server's rate limits, caches, stores and metrics. PM2's cluster mode cannot run a native binary
// (it shares a socket through Node's cluster module), and several fork-mode instances would each
// keep their own state (limits multiplied, no shared cache) unless they share FAKEAI_REDIS_URL.
module.exports = {
  apps: [{
    name: "fakeai",
    script: "/usr/local/bin/fakeai",
    args: "server --host 0.0.0.0",
    interpreter: "none",
    exec_mode: "fork",
    instances: 1,
    env: {
      FAKEAI_WORKERS: "4",
      FAKEAI_HOST: "0.0.0.0",
      FAKEAI_PORT: "8000",
      FAKEAI_DEBUG: "false",
      FAKEAI_RESPONSE_DELAY: "0.5",
      FAKEAI_RANDOM_DELAY: "true",
      FAKEAI_REQUIRE_API_KEY: "true",
      FAKEAI_API_KEYS: "sk-key-1,sk-key-2",
      FAKEAI_RATE_LIMIT_ENABLED: "true",
      FAKEAI_RATE_LIMIT_TIER: "tier-3",
      FAKEAI_KV_CACHE_ENABLED: "true",
      FAKEAI_KV_CACHE_NUM_WORKERS: "4",
      // Limits shared with other FakeAI processes or hosts (optional):
      // FAKEAI_REDIS_URL: 'redis://127.0.0.1:6379',
    },
    // PM2 stops with SIGINT, then SIGKILL after kill_timeout: give running requests
    // FAKEAI_SHUTDOWN_GRACE_SECONDS (25) first.
    kill_timeout: 30000,
    max_memory_restart: "1G",
    // stdout: JSON access log; stderr: JSON diagnostics. No log_date_format: the lines carry their
    // own "timestamp", and a prefix would stop them parsing as JSON.
    error_file: "./logs/fakeai-error.log",
    out_file: "./logs/fakeai-out.log",
    merge_logs: true,
  }],
};
