/** YAML/JSON sectioned config files: the operations guide's examples, errors, auto-detection. */
import assert from "node:assert/strict";
import { loadConfig } from "../../src/config/load.ts";
import { readConfigFile } from "../../src/config/config_file.ts";
import { withTempDir } from "../support/temp_dir.ts";

// Copied verbatim from the operations guide, "Configuration Files" → "YAML Configuration".
const GUIDE_YAML = `server:
  host: 0.0.0.0
  port: 8000
  debug: false

response:
  delay: 0.5
  random_delay: true
  max_variance: 0.3

authentication:
  require_api_key: true
  api_keys:
    - sk-key-1
    - sk-key-2
  hash_api_keys: false

rate_limiting:
  enabled: true
  tier: tier-3
  rpm: 10000
  tpm: 1000000

kv_cache:
  enabled: true
  block_size: 16
  num_workers: 4
  overlap_weight: 1.0

security:
  enable_security: true
  enable_input_validation: true
  enable_injection_detection: true
  enable_abuse_detection: true
  max_request_size: 104857600

monitoring:
  metrics_enabled: true
  metrics_window_size: 300
`;

// Copied verbatim from the operations guide, "Configuration Files" → "JSON Configuration".
const GUIDE_JSON = `{
  "server": {
    "host": "0.0.0.0",
    "port": 8000,
    "debug": false
  },
  "response": {
    "delay": 0.5,
    "random_delay": true,
    "max_variance": 0.3
  },
  "authentication": {
    "require_api_key": true,
    "api_keys": ["sk-key-1", "sk-key-2"],
    "hash_api_keys": false
  },
  "rate_limiting": {
    "enabled": true,
    "tier": "tier-3",
    "rpm": 10000,
    "tpm": 1000000
  },
  "kv_cache": {
    "enabled": true,
    "block_size": 16,
    "num_workers": 4,
    "overlap_weight": 1.0
  }
}
`;

const COMMON_EXPECTED = {
  host: "0.0.0.0",
  port: 8000,
  debug: false,
  responseDelay: 0.5,
  randomDelay: true,
  maxVariance: 0.3,
  requireApiKey: true,
  apiKeys: ["sk-key-1", "sk-key-2"],
  hashApiKeys: false,
  rateLimitEnabled: true,
  rateLimitTier: "tier-3",
  rateLimitRpm: 10000,
  rateLimitTpm: 1000000,
  kvCacheEnabled: true,
  kvCacheBlockSize: 16,
  kvCacheNumWorkers: 4,
  kvOverlapWeight: 1,
} as const;

function assertValues(config: Record<string, unknown>, expected: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(expected)) assert.deepEqual(config[key], value, key);
}

Deno.test("config file: the guide's YAML example loads cleanly with the documented values", async () => {
  await withTempDir({ "config.yaml": GUIDE_YAML }, (dir) => {
    const r = loadConfig({ env: {}, flags: [], configFile: `${dir}/config.yaml` });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.warnings, []);
    assertValues(r.config, {
      ...COMMON_EXPECTED,
      enableSecurity: true,
      enableInputValidation: true,
      enableInjectionDetection: true,
      enableAbuseDetection: true,
      maxRequestSize: 104857600,
      metricsEnabled: true,
      metricsWindowSize: 300,
    });
    assert.equal(r.origins.rateLimitTier.kind, "file");
    assert.match(r.origins.rateLimitTier.where, /^rate_limiting\.tier in .*config\.yaml$/);
  });
});

Deno.test("config file: the guide's JSON example loads cleanly with the documented values", async () => {
  await withTempDir({ "config.json": GUIDE_JSON }, (dir) => {
    const r = loadConfig({ env: {}, flags: [], configFile: `${dir}/config.json` });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.warnings, []);
    assertValues(r.config, COMMON_EXPECTED);
    assert.equal(r.origins.metricsEnabled.kind, "default", "not in the JSON example");
  });
});

Deno.test("config file: YAML syntax error → one clear error naming the file", async () => {
  await withTempDir({ "bad.yaml": "server:\n  port: [8000\n" }, (dir) => {
    const path = `${dir}/bad.yaml`;
    const r = loadConfig({ env: {}, flags: [], configFile: path });
    assert.equal(r.errors.length, 1, r.errors.join("\n"));
    assert.ok(r.errors[0].includes(path));
    assert.match(r.errors[0], /not valid YAML/);
    assert.equal(r.config.port, 8000);
  });
});

Deno.test("config file: JSON syntax error → error saying JSON", async () => {
  await withTempDir({ "bad.json": '{"server": {"port": 1,}}' }, (dir) => {
    const r = readConfigFile(`${dir}/bad.json`);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0], /not valid JSON/);
  });
});

Deno.test("config file: top level that is not a mapping is an error", async () => {
  const files = {
    "list.yaml": "- server\n- port\n",
    "scalar.yaml": "just text\n",
    "arr.json": "[1]",
  };
  await withTempDir(files, (dir) => {
    for (const name of Object.keys(files)) {
      const r = readConfigFile(`${dir}/${name}`);
      assert.equal(r.errors.length, 1, name);
      assert.match(r.errors[0], /top level must be a mapping/, name);
    }
  });
});

Deno.test("config file: a section that is not a mapping is an error; an empty file is fine", async () => {
  await withTempDir({ "s.yaml": "server: 8000\n", "empty.yaml": "# nothing yet\n" }, (dir) => {
    const s = readConfigFile(`${dir}/s.yaml`);
    assert.equal(s.errors.length, 1);
    assert.match(s.errors[0], /section "server" must be a mapping/);
    const empty = readConfigFile(`${dir}/empty.yaml`);
    assert.deepEqual(empty.errors, []);
    assert.equal(empty.values.size, 0);
  });
});

Deno.test("config file: a section with every key commented out is empty, not an error", async () => {
  await withTempDir({ "c.yaml": "server:\n  # port: 8000\nlatency:\n  itl_ms: 3\n" }, (dir) => {
    const r = loadConfig({ env: {}, flags: [], configFile: `${dir}/c.yaml` });
    assert.deepEqual(r.errors, []);
    assert.equal(r.config.port, 8000);
    assert.equal(r.config.itlMs, 3);
  });
});

Deno.test("config file: a wrong value type names section.name and the file", async () => {
  await withTempDir({ "c.yaml": "server:\n  port: high\nlatency:\n  ttft_ms: [1]\n" }, (dir) => {
    const r = loadConfig({ env: {}, flags: [], configFile: `${dir}/c.yaml` });
    assert.equal(r.errors.length, 2, r.errors.join("\n"));
    assert.ok(r.errors.some((e) => e.startsWith("server.port in ") && e.includes("c.yaml")));
    assert.ok(r.errors.some((e) => e.startsWith("latency.ttft_ms in ")));
  });
});

Deno.test("config file: fakeai.yaml in the cwd is auto-detected and announced", async () => {
  await withTempDir({ "fakeai.yaml": "server:\n  port: 9123\n" }, (dir) => {
    const r = loadConfig({ env: {}, flags: [], cwd: dir });
    assert.deepEqual(r.errors, []);
    assert.equal(r.config.port, 9123);
    assert.equal(r.configFile, `${dir}/fakeai.yaml`);
    assert.equal(r.notices.length, 1);
    assert.ok(r.notices[0].includes(`${dir}/fakeai.yaml`), r.notices[0]);
  });
});

Deno.test("config file: fakeai.json is auto-detected too; fakeai.yaml is preferred", async () => {
  await withTempDir({ "fakeai.json": '{"server": {"port": 9200}}' }, (dir) => {
    const r = loadConfig({ env: {}, flags: [], cwd: dir });
    assert.equal(r.config.port, 9200);
  });
  const both = {
    "fakeai.json": '{"server": {"port": 9200}}',
    "fakeai.yaml": "server:\n  port: 9100\n",
  };
  await withTempDir(both, (dir) => {
    assert.equal(loadConfig({ env: {}, flags: [], cwd: dir }).config.port, 9100);
  });
});

Deno.test("config file: no file in the cwd → no notice; an explicit file is not announced", async () => {
  await withTempDir({ "other.yaml": "server:\n  port: 9300\n" }, (dir) => {
    const none = loadConfig({ env: {}, flags: [], cwd: dir });
    assert.deepEqual(none.notices, []);
    assert.equal(none.configFile, undefined);
    const explicit = loadConfig({ env: {}, flags: [], cwd: dir, configFile: `${dir}/other.yaml` });
    assert.deepEqual(explicit.notices, []);
    assert.equal(explicit.config.port, 9300);
  });
});

Deno.test("config file: an explicit missing file is an error (not silently skipped)", async () => {
  await withTempDir({}, (dir) => {
    const path = `${dir}/missing.yaml`;
    const r = loadConfig({ env: {}, flags: [], configFile: path });
    assert.equal(r.errors.length, 1);
    assert.ok(r.errors[0].includes(path));
    assert.match(r.errors[0], /not found/);
    const viaEnv = loadConfig({ env: { FAKEAI_CONFIG: path }, flags: [] });
    assert.equal(viaEnv.errors.length, 1);
  });
});

Deno.test("config file: the guide's config.yaml / config.json are detected and announced too", async () => {
  await withTempDir({ "config.yaml": "server:\n  port: 9400\n" }, (dir) => {
    const r = loadConfig({ env: {}, flags: [], cwd: dir });
    assert.equal(r.config.port, 9400);
    assert.equal(r.configFile, `${dir}/config.yaml`);
    assert.ok(r.notices[0].includes(`${dir}/config.yaml`), r.notices[0]);
  });
  await withTempDir({ "config.json": '{"server": {"port": 9401}}' }, (dir) => {
    assert.equal(loadConfig({ env: {}, flags: [], cwd: dir }).config.port, 9401);
  });
  const both = {
    "config.yaml": "server:\n  port: 9402\n",
    "fakeai.yaml": "server:\n  port: 9403\n",
  };
  await withTempDir(both, (dir) => {
    assert.equal(loadConfig({ env: {}, flags: [], cwd: dir }).config.port, 9403, "fakeai.* first");
  });
});

Deno.test("FAKEAI_USE_SEMANTIC_EMBEDDINGS=true is refused with a clear problem, never ignored", () => {
  const r = loadConfig({ env: { FAKEAI_USE_SEMANTIC_EMBEDDINGS: "true" }, flags: [] });
  assert.equal(r.errors.length, 1, r.errors.join("\n"));
  assert.match(r.errors[0], /use_semantic_embeddings=true \(from FAKEAI_USE_SEMANTIC_EMBEDDINGS\)/);
  assert.match(r.errors[0], /no embedding model/);
  assert.deepEqual(
    loadConfig({ env: { FAKEAI_USE_SEMANTIC_EMBEDDINGS: "false" }, flags: [] }).errors,
    [],
  );
});

Deno.test("CLI-only variables (FAKEAI_ADMIN_KEY) are known to the server: no unknown-variable warning", () => {
  const r = loadConfig({ env: { FAKEAI_ADMIN_KEY: "sk-ops", FAKEAI_PORTT: "1" }, flags: [] });
  const all = [...r.warnings, ...r.notices, ...r.errors].join("\n");
  assert.doesNotMatch(all, /FAKEAI_ADMIN_KEY/);
  assert.match(all, /FAKEAI_PORTT/, "a real typo is still reported");
});
