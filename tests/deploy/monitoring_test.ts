/**
 * The monitoring kit (deploy/monitoring): promtool accepts it, it names only metrics FakeAI
 * defines, its files parse and agree with each other, and a real Prometheus scrapes FakeAI with it.
 */
import assert from "node:assert/strict";
import OpenAI from "openai";
import { parse, parseDocument, stringify } from "yaml";
import { startFakeAI } from "../support/fakeai_process.ts";
import { promtool } from "../support/promtool.ts";
import { dashboardExprs, isDefinedSeries, metricNames } from "../support/promql_names.ts";
import { type PrometheusServer, startPrometheus } from "../support/prometheus_server.ts";
import { waitFor } from "../support/wait.ts";

const KIT = new URL("../../deploy/monitoring/", import.meta.url).pathname;
const readYaml = (path: string) => parse(Deno.readTextFileSync(KIT + path));
const dashboard = () => JSON.parse(Deno.readTextFileSync(`${KIT}grafana/dashboards/fakeai.json`));
const alertRules = (): { alert: string; expr: string }[] =>
  readYaml("alerts.yml").groups.flatMap((g: { rules: unknown[] }) => g.rules);

Deno.test("monitoring kit: promtool checks the config and rules and runs the rule unit tests", async () => {
  const runs = [
    ["check", "config", "prometheus.yml"],
    ["check", "rules", "alerts.yml"],
    ["test", "rules", "alerts_test.yml"],
  ];
  for (const [verb, what, file] of runs) {
    // Absolute paths: promtool resolves rule_files relative to the file that names them.
    const { code, output } = await promtool([verb, what, KIT + file]);
    assert.equal(code, 0, `promtool ${verb} ${what} ${file}:\n${output}`);
    assert.match(output, /SUCCESS/);
  }
});

Deno.test("monitoring kit: the metric-name extractor finds series, not functions or labels", () => {
  assert.deepEqual(
    metricNames(
      'sum by (le, model) (rate(a_bucket{x="b{c}"}[5m] offset 1m)) / on (instance) group_left (z)' +
        " max(vllm:b_total) > bool 0 and on() up",
    ),
    ["a_bucket", "vllm:b_total", "up"],
  );
  assert.equal(isDefinedSeries("fakeai_request_duration_seconds_bucket"), true);
  assert.equal(isDefinedSeries("fakeai_latency_seconds_count"), true);
  assert.equal(isDefinedSeries("fakeai_latency_seconds_bucket"), false, "a summary has no buckets");
  assert.equal(isDefinedSeries("fakeai_requests_per_minute"), false);
});

Deno.test("monitoring kit: the dashboard and the alerts name only metrics FakeAI defines", () => {
  const sources = {
    dashboard: dashboardExprs(dashboard()),
    alerts: alertRules().map((r) => r.expr),
  };
  for (const [source, exprs] of Object.entries(sources)) {
    const names = new Set(exprs.flatMap(metricNames));
    assert.ok(names.size >= 4, `${source}: too few metric names found: ${[...names]}`);
    assert.deepEqual([...names].filter((n) => !isDefinedSeries(n)), [], `${source}`);
  }
  assert.deepEqual(alertRules().map((r) => r.alert).sort(), [
    "HighErrorRate",
    "HighLatency",
    "HighTTFT",
    "LowCacheHitRate",
    "ServiceDown",
    "StreamsFailing",
  ]);
});

Deno.test("monitoring kit: every YAML and JSON file parses", () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of Deno.readDirSync(dir)) {
      if (entry.isDirectory) walk(`${dir}${entry.name}/`);
      else files.push(dir + entry.name);
    }
  };
  walk(KIT);
  assert.ok(files.length >= 7, `${files}`);
  for (const file of files) {
    const text = Deno.readTextFileSync(file);
    if (file.endsWith(".json")) JSON.parse(text);
    else if (/\.ya?ml$/.test(file)) {
      const doc = parseDocument(text);
      assert.deepEqual([...doc.errors, ...doc.warnings].map(String), [], file);
    } else assert.fail(`unexpected file in the kit: ${file}`);
  }
});

Deno.test("monitoring kit: compose, scrape jobs, provisioning and dashboard fit together", () => {
  const compose = readYaml("docker-compose.yml");
  assert.deepEqual(Object.keys(compose.services).sort(), ["fakeai", "grafana", "prometheus"]);
  const context = new URL(compose.services.fakeai.build.context + "/", `file://${KIT}`).pathname;
  Deno.statSync(context + compose.services.fakeai.build.dockerfile);
  const mounts = new Map<string, string>();
  for (const service of Object.values(compose.services) as { volumes?: string[] }[]) {
    for (const volume of service.volumes ?? []) {
      const [from, to] = volume.split(":");
      if (!from.startsWith("./")) continue;
      Deno.statSync(KIT + from); // every bind mount names a file of the kit
      mounts.set(from.slice(2), to);
    }
  }
  assert.equal(mounts.get("prometheus.yml"), "/etc/prometheus/prometheus.yml");
  assert.equal(mounts.get("alerts.yml"), "/etc/prometheus/alerts.yml");

  const prometheus = readYaml("prometheus.yml");
  assert.deepEqual(prometheus.rule_files, ["alerts.yml"]);
  const jobs = Object.fromEntries(
    prometheus.scrape_configs.map((j: { job_name: string }) => [j.job_name, j]),
  );
  assert.deepEqual(Object.keys(jobs), ["fakeai", "fakeai-vllm", "fakeai-dcgm"]);
  assert.equal(jobs.fakeai.metrics_path, "/metrics/prometheus");
  assert.equal(jobs.fakeai.scrape_interval, "10s");
  assert.equal(jobs["fakeai-vllm"].metrics_path, "/metrics/vllm");
  assert.equal(jobs["fakeai-dcgm"].metrics_path, "/dcgm/metrics");

  const datasource = readYaml("grafana/provisioning/datasources/prometheus.yml").datasources[0];
  assert.equal(datasource.url, "http://prometheus:9090");
  const provider = readYaml("grafana/provisioning/dashboards/fakeai.yml").providers[0];
  assert.equal(provider.options.path, mounts.get("grafana/dashboards"));
  assert.equal(mounts.get("grafana/provisioning"), "/etc/grafana/provisioning");

  const board = dashboard();
  assert.ok(board.schemaVersion >= 36 && board.uid && board.title);
  assert.ok(
    board.templating.list.some((v: { name: string; type: string }) =>
      v.name === "DS_PROMETHEUS" && v.type === "datasource"
    ),
  );
  const ids = new Set<number>();
  for (const panel of board.panels) {
    assert.ok(!ids.has(panel.id), `duplicate panel id ${panel.id}`);
    ids.add(panel.id);
    assert.ok(panel.gridPos.x + panel.gridPos.w <= 24, panel.title);
    if (panel.type === "row") continue;
    for (
      const ds of [
        panel.datasource,
        ...panel.targets.map((t: { datasource: unknown }) => t.datasource),
      ]
    ) {
      assert.deepEqual(ds, { type: "prometheus", uid: "${DS_PROMETHEUS}" }, panel.title);
    }
  }
});

/** The kit's config aimed at one FakeAI instance, scraping every second, rules by absolute path. */
function configFor(target: string): string {
  const config = readYaml("prometheus.yml");
  config.global = { scrape_interval: "1s", evaluation_interval: "1s" };
  config.rule_files = [KIT + "alerts.yml"];
  for (const job of config.scrape_configs) {
    Object.assign(job, { scrape_interval: "1s", scrape_timeout: "1s" });
    job.static_configs = [{ targets: [target] }];
  }
  return stringify(config);
}

Deno.test("e2e monitoring: a real Prometheus scrapes FakeAI with the kit's config", async () => {
  const server = await startFakeAI({
    args: ["--response-delay", "0", "--ttft", "5", "--itl", "1", "--dcgm-gpu-count", "2"],
  });
  let prometheus: PrometheusServer | undefined;
  try {
    prometheus = await startPrometheus(configFor(new URL(server.url).host));
    const prom = prometheus;
    const client = new OpenAI({ baseURL: server.baseURL, apiKey: "sk", maxRetries: 0 });
    const body = {
      model: "gpt-4o",
      messages: [{ role: "user" as const, content: "hi" }],
      max_tokens: 8,
    };
    let completion = 0;
    for (let i = 0; i < 2; i++) {
      completion += (await client.chat.completions.create(body)).usage!.completion_tokens;
      const stream = await client.chat.completions.create({
        ...body,
        stream: true,
        stream_options: { include_usage: true },
      });
      for await (const chunk of stream) completion += chunk.usage?.completion_tokens ?? 0;
    }
    await assert.rejects(client.chat.completions.create({ ...body, temperature: 9 }));
    assert.ok(completion > 0);

    const expected: Record<string, number> = {
      'fakeai_requests_total{job="fakeai",endpoint="/v1/chat/completions",status="200",model="gpt-4o"}':
        4,
      'sum(fakeai_errors_total{job="fakeai"})': 1,
      'vllm:generation_tokens_total{job="fakeai-vllm",model_name="gpt-4o",engine="0"}': completion,
      'up{job="fakeai"}': 1,
      'up{job="fakeai-vllm"}': 1,
      'up{job="fakeai-dcgm"}': 1,
      'count(DCGM_FI_DEV_GPU_UTIL{job="fakeai-dcgm"})': 2,
    };
    let seen: Record<string, string | undefined> = {};
    await waitFor(
      () =>
        `the workload in Prometheus\nexpected ${JSON.stringify(expected)}\nsaw ${
          JSON.stringify(seen)
        }`,
      async () => {
        seen = {};
        for (const expr of Object.keys(expected)) {
          const { result } = await prom.query(expr);
          seen[expr] = result.length === 1 ? result[0].value[1] : `${result.length} series`;
        }
        return Object.entries(expected).every(([expr, v]) => seen[expr] === String(v));
      },
      { attempts: 150, intervalMs: 200 },
    );

    assert.deepEqual((await prom.alertNames()).sort(), alertRules().map((r) => r.alert).sort());
    // Every dashboard and alert expression evaluates against the real data.
    const exprs = [...dashboardExprs(dashboard()), ...alertRules().map((r) => r.expr)];
    for (const expr of exprs) {
      const promql = expr.replaceAll("$__rate_interval", "1m").replaceAll("$instance", ".*");
      assert.equal((await prom.query(promql)).error, undefined, promql);
    }
  } finally {
    await prometheus?.stop();
    assert.equal(await server.stop(), 0);
  }
});
