/**
 * The deployment kit's files: every YAML/JSON file parses (multi-document Kubernetes files too),
 * and the compose files, Kubernetes manifests and PM2 file say what the operations guide needs.
 */
import assert from "node:assert/strict";
import { parse, parseAllDocuments } from "yaml";
import { DEPLOY, hasCommand, run } from "../support/kit_support.ts";
import { filesUnder } from "../support/files_under.ts";

// deno-lint-ignore no-explicit-any
type Doc = any;

const yamlDocs = (path: string): Doc[] =>
  parseAllDocuments(Deno.readTextFileSync(`${DEPLOY}${path}`)).map((d) => {
    assert.deepEqual(d.errors, [], `${path}: ${d.errors}`);
    return d.toJS();
  });
const yaml = (path: string): Doc => parse(Deno.readTextFileSync(`${DEPLOY}${path}`));
const k8s = () =>
  filesUnder(`${DEPLOY}kubernetes`).flatMap((f) => yamlDocs(f.slice(DEPLOY.length)))
    .filter((d) => d?.kind && d.kind !== "Kustomization");
const byKind = (kind: string, name?: string) =>
  k8s().filter((d) => d.kind === kind && (!name || d.metadata.name === name));

Deno.test("kit: every YAML and JSON file under deploy/ parses", () => {
  const files = filesUnder(DEPLOY).filter((f) => /\.(ya?ml|json)$/.test(f));
  assert.ok(files.length >= 20, `${files.length} files`);
  for (const file of files) {
    const text = Deno.readTextFileSync(file);
    if (file.endsWith(".json")) JSON.parse(text);
    else {
      for (const doc of parseAllDocuments(text)) {
        assert.deepEqual(doc.errors.map(String), [], file);
        assert.deepEqual(doc.warnings.map(String), [], file);
      }
    }
  }
});

Deno.test("kit: compose files build this repo's image and check health without curl", () => {
  for (const file of ["compose/docker-compose.yml", "compose/docker-compose.prod.yml"]) {
    const fakeai = yaml(file).services.fakeai;
    assert.equal(fakeai.image, "fakeai:latest", file);
    assert.deepEqual(fakeai.build, { context: "../..", dockerfile: "Dockerfile" }, file);
    assert.deepEqual(fakeai.healthcheck.test, ["CMD", "/fakeai", "healthcheck"], file);
    assert.ok(Deno.statSync(`${DEPLOY}compose/../../Dockerfile`).isFile);
    assert.ok(fakeai.environment.includes("FAKEAI_HOST=0.0.0.0"), file);
    assert.doesNotMatch(
      JSON.stringify(yaml(file).services),
      /"curl/,
      `${file}: distroless has none`,
    );
  }
  const prod = yaml("compose/docker-compose.prod.yml");
  assert.deepEqual(prod.services.fakeai.depends_on, { redis: { condition: "service_healthy" } });
  assert.match(prod.services.redis.image, /^redis:7/);
  assert.deepEqual(prod.services.redis.healthcheck.test, ["CMD", "redis-cli", "ping"]);
  assert.ok(prod.services.fakeai.environment.includes("FAKEAI_REDIS_URL=redis://redis:6379"));
  // The monitoring stack lives in deploy/monitoring and is referenced, not copied.
  assert.match(Deno.readTextFileSync(`${DEPLOY}compose/docker-compose.yml`), /\.\.\/monitoring\//);
});

Deno.test("kit: Kubernetes deployment runs non-root, read-only, with probes on /health", () => {
  const [deployment] = byKind("Deployment", "fakeai");
  const pod = deployment.spec.template.spec;
  const [container] = pod.containers;
  assert.equal(pod.securityContext.runAsNonRoot, true);
  assert.equal(pod.securityContext.runAsUser, 65532);
  assert.equal(container.securityContext.readOnlyRootFilesystem, true);
  assert.equal(container.securityContext.allowPrivilegeEscalation, false);
  assert.deepEqual(container.securityContext.capabilities.drop, ["ALL"]);
  for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) {
    assert.equal(container[probe].httpGet.path, "/health", probe);
    assert.equal(container[probe].httpGet.port, "http", probe);
  }
  assert.deepEqual(container.ports, [{ containerPort: 8000, name: "http" }]);
  assert.deepEqual(container.resources, {
    requests: { cpu: "500m", memory: "512Mi" },
    limits: { cpu: "2000m", memory: "2Gi" },
  });
  const mounts = Object.fromEntries(
    container.volumeMounts.map((m: Doc) => [m.mountPath, m.name]),
  );
  assert.equal(mounts["/var/lib/fakeai"], "data");
  assert.equal(mounts["/tmp"], "tmp");
  for (const name of ["data", "tmp"]) {
    assert.ok(pod.volumes.find((v: Doc) => v.name === name).emptyDir, name);
  }
  const grace = Number(byKind("ConfigMap", "fakeai-config")[0].data.FAKEAI_SHUTDOWN_GRACE_SECONDS);
  assert.ok(pod.terminationGracePeriodSeconds > grace, "the pod outlives FakeAI's drain");
  assert.deepEqual(container.envFrom.map((e: Doc) => Object.keys(e)[0]), [
    "configMapRef",
    "secretRef",
  ]);
});

Deno.test("kit: Kubernetes service, SSE-safe ingress, HPA and the Redis option fit together", () => {
  const [service] = byKind("Service", "fakeai");
  assert.deepEqual(service.spec.selector, { app: "fakeai" });
  const [ingress] = byKind("Ingress", "fakeai");
  const a = ingress.metadata.annotations;
  assert.equal(a["nginx.ingress.kubernetes.io/proxy-buffering"], "off");
  assert.ok(Number(a["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 300);
  assert.ok(Number(a["nginx.ingress.kubernetes.io/proxy-send-timeout"]) >= 300);
  assert.equal(a["nginx.ingress.kubernetes.io/rewrite-target"], undefined, "would send all to /");
  assert.equal(ingress.spec.rules[0].http.paths[0].backend.service.name, "fakeai");
  const [hpa] = byKind("HorizontalPodAutoscaler");
  assert.deepEqual(hpa.spec.scaleTargetRef, {
    apiVersion: "apps/v1",
    kind: "Deployment",
    name: "fakeai",
  });
  for (const doc of k8s().filter((d) => d.kind !== "Namespace")) {
    assert.equal(doc.metadata.namespace, "fakeai", `${doc.kind}/${doc.metadata.name}`);
  }
  const [redisService] = byKind("Service", "redis");
  assert.equal(redisService.spec.ports[0].port, 6379);
  const patch = yamlDocs("kubernetes/redis/redis-url-patch.yaml")[0];
  assert.equal(patch.data.FAKEAI_REDIS_URL, "redis://redis:6379");
  const base = yaml("kubernetes/base/kustomization.yaml");
  const listed = new Set(base.resources);
  for (const file of filesUnder(`${DEPLOY}kubernetes/base`)) {
    const name = file.split("/").pop()!;
    if (name !== "kustomization.yaml") assert.ok(listed.has(name), `${name} not in kustomization`);
  }
  assert.deepEqual(yaml("kubernetes/redis/kustomization.yaml").resources, [
    "../base",
    "redis.yaml",
    "fakeai-hpa.yaml",
  ]);
});

Deno.test({
  name: "kit: kubectl kustomize renders both the base and the Redis overlay",
  ignore: !hasCommand("kubectl"),
  fn: async () => {
    for (const dir of ["base", "redis"]) {
      const r = await run("kubectl", ["kustomize", `${DEPLOY}kubernetes/${dir}`]);
      assert.equal(r.code, 0, r.output);
      const docs = parseAllDocuments(r.stdout).map((d) => d.toJS());
      const config = docs.find((d) =>
        d.kind === "ConfigMap" && d.metadata.name === "fakeai-config"
      );
      assert.equal(
        config.data.FAKEAI_REDIS_URL,
        dir === "redis" ? "redis://redis:6379" : undefined,
      );
      assert.equal(docs.filter((d) => d.kind === "Deployment").length, dir === "redis" ? 2 : 1);
    }
  },
});

Deno.test("kit: the PM2 file runs the binary in fork mode, its cluster as FakeAI's own workers", () => {
  const module = { exports: {} as Doc };
  new Function("module", Deno.readTextFileSync(`${DEPLOY}pm2/ecosystem.config.js`))(module);
  const [app] = module.exports.apps;
  assert.equal(app.exec_mode, "fork");
  assert.equal(app.interpreter, "none");
  assert.equal(app.instances, 1, "one process: its workers share one server's state");
  assert.equal(app.env.FAKEAI_WORKERS, "4", "the guide's `instances: 4` in cluster mode");
  assert.ok(app.kill_timeout > 25_000, "longer than FAKEAI_SHUTDOWN_GRACE_SECONDS");
  assert.equal(app.env.FAKEAI_PORT, "8000");
});
