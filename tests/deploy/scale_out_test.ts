/**
 * Replicas and proxies in the kit's files. Wherever FakeAI may run as several replicas they share
 * one Redis (FAKEAI_REDIS_URL: else each replica allows the whole rate limit) and can be scaled
 * (compose: no container_name, no fixed host port); wherever a proxy or balancer sits in front,
 * FakeAI trusts the proxy's address for X-Forwarded-For (else abuse detection bans the proxy, i.e.
 * every client at once).
 */
import assert from "node:assert/strict";
import { parse, parseAllDocuments } from "yaml";
import { TrustedProxies } from "../../src/traffic/security/client_ip.ts";
import { parseIp } from "../../src/util/ip_address.ts";
import { DEPLOY, hasCommand, run } from "../support/kit_support.ts";

// deno-lint-ignore no-explicit-any
type Doc = any;

/** Addresses a proxy may have: on a Docker network (any of Docker's default pools) or a pod. */
const PRIVATE_PEERS = ["172.18.0.5", "192.168.16.3", "10.0.1.7", "10.244.3.12"];

function assertTrusts(list: string | undefined, peers: string[], where: string) {
  assert.ok(list, `${where}: no FAKEAI_TRUSTED_PROXIES though a proxy is in front`);
  const trusted = new TrustedProxies(list.split(","));
  for (const peer of peers) assert.ok(trusted.has(parseIp(peer)!), `${where}: ${peer}`);
  assert.ok(!trusted.has(parseIp("203.0.113.9")!), `${where}: trusts a public address`);
}

const envOf = (service: Doc): Record<string, string> =>
  Array.isArray(service.environment)
    ? Object.fromEntries(service.environment.map((e: string) => e.split(/=(.*)/s).slice(0, 2)))
    : service.environment ?? {};
const dependsOn = (service: Doc): string[] =>
  Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {});

Deno.test("compose: a scalable FakeAI has no fixed name or host port, shares Redis, trusts its proxy", () => {
  const scalable: string[] = [];
  for (const name of ["docker-compose.yml", "docker-compose.prod.yml"]) {
    const text = Deno.readTextFileSync(`${DEPLOY}compose/${name}`);
    const { services } = parse(text);
    const fakeai = services.fakeai;
    const env = envOf(fakeai);
    const proxies = Object.entries(services).filter(([n, s]) =>
      n !== "fakeai" && dependsOn(s).includes("fakeai")
    );
    if (/--scale fakeai=/.test(text) || (fakeai.deploy?.replicas ?? 1) > 1) {
      scalable.push(name);
      assert.equal(fakeai.container_name, undefined, `${name}: one container per name`);
      for (const port of fakeai.ports ?? []) {
        assert.match(String(port), /^\d+$/, `${name}: a fixed host port fits one replica`);
      }
      assert.match(env.FAKEAI_REDIS_URL ?? "", /^redis:\/\/redis:/, `${name}: shared limits`);
      assert.ok(services.redis, name);
      assert.ok(proxies.length > 0, `${name}: replicas need a balancer in front`);
    }
    if (proxies.length > 0) assertTrusts(env.FAKEAI_TRUSTED_PROXIES, PRIVATE_PEERS, name);
    else assert.equal(env.FAKEAI_TRUSTED_PROXIES, undefined, `${name}: nothing to trust`);
  }
  assert.deepEqual(scalable, ["docker-compose.prod.yml"]);

  // The prod file's balancer: the kit's nginx-compose.conf, publishing the port.
  const { nginx } = parse(Deno.readTextFileSync(`${DEPLOY}compose/docker-compose.prod.yml`))
    .services;
  assert.ok(nginx.volumes.includes("../lb:/etc/nginx/fakeai:ro"));
  assert.ok(nginx.command.includes("/etc/nginx/fakeai/nginx-compose.conf"));
  assert.ok(Deno.statSync(`${DEPLOY}lb/nginx-compose.conf`).isFile);
  assert.deepEqual(nginx.ports, ["8000:80"]);
});

Deno.test("lb: the nginx and HAProxy recipes start FakeAI trusting the balancer, with Redis", () => {
  for (const file of ["nginx.conf", "haproxy.cfg"]) {
    const text = Deno.readTextFileSync(`${DEPLOY}lb/${file}`);
    // The recipe's instances are on loopback, where the balancer connects from.
    assertTrusts(/FAKEAI_TRUSTED_PROXIES=(\S+)/.exec(text)?.[1], ["127.0.0.1"], file);
    assert.match(text, /FAKEAI_REDIS_URL=redis:\/\//, `${file}: three instances, one limit`);
    assert.deepEqual([...text.matchAll(/127\.0\.0\.1:(800\d)/g)].map((m) => m[1]), [
      "8001",
      "8002",
      "8003",
    ]);
  }
});

Deno.test("kubernetes: the base runs one pod without an HPA; the Redis overlay scales", () => {
  const base = parse(Deno.readTextFileSync(`${DEPLOY}kubernetes/base/kustomization.yaml`));
  const kinds = base.resources.flatMap((file: string) =>
    parseAllDocuments(Deno.readTextFileSync(`${DEPLOY}kubernetes/base/${file}`))
      .map((d) => d.toJS())
  );
  const deployment = kinds.find((d: Doc) => d.kind === "Deployment");
  assert.equal(deployment.spec.replicas, 1);
  assert.equal(kinds.filter((d: Doc) => d.kind === "HorizontalPodAutoscaler").length, 0);
});

/** Rendered by kubectl: the most pods the Deployment may have, and the ConfigMap. */
async function render(dir: string) {
  const r = await run("kubectl", ["kustomize", `${DEPLOY}kubernetes/${dir}`]);
  assert.equal(r.code, 0, r.output);
  const docs: Doc[] = parseAllDocuments(r.stdout).map((d) => d.toJS());
  const one = (kind: string, name: string) =>
    docs.find((d) => d.kind === kind && d.metadata.name === name);
  const hpa = docs.find((d) =>
    d.kind === "HorizontalPodAutoscaler" && d.spec.scaleTargetRef.name === "fakeai"
  );
  const replicas = one("Deployment", "fakeai").spec.replicas ?? 1;
  return {
    mostPods: Math.max(replicas, hpa?.spec.maxReplicas ?? 0),
    hpa,
    replicas,
    env: one("ConfigMap", "fakeai-config").data,
    ingress: one("Ingress", "fakeai"),
  };
}

Deno.test({
  name: "kubernetes: rendered, several pods always share Redis, and the Ingress is trusted",
  ignore: !hasCommand("kubectl"),
  fn: async () => {
    const base = await render("base");
    assert.equal(base.mostPods, 1);
    const overlay = await render("redis");
    assert.ok(overlay.mostPods > 1, "the overlay may scale");
    assert.equal(overlay.replicas, overlay.hpa.spec.minReplicas, "starts at the HPA's minimum");
    for (const [dir, r] of [["base", base], ["redis", overlay]] as const) {
      if (r.mostPods > 1) assert.equal(r.env.FAKEAI_REDIS_URL, "redis://redis:6379", dir);
      if (r.ingress) assertTrusts(r.env.FAKEAI_TRUSTED_PROXIES, PRIVATE_PEERS, dir);
    }
  },
});
