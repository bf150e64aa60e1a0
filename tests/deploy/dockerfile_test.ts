/**
 * The Dockerfile (no Docker engine here: checked by reading it) and what the image runs: the
 * guide's `docker run -e FAKEAI_...` settings are accepted as written, and the HEALTHCHECK command
 * finds the server from the image's own environment.
 */
import assert from "node:assert/strict";
import { SETTINGS } from "../../src/config/schema.ts";
import { runCli, startFakeAI } from "../support/fakeai_process.ts";
import { compileTask } from "../support/compile_flags.ts";
import { ROOT } from "../support/kit_support.ts";

interface Instruction {
  op: string;
  args: string;
  stage: number;
}

function instructions(): Instruction[] {
  const text = Deno.readTextFileSync(`${ROOT}Dockerfile`).replace(/\\\n\s*/g, " ");
  let stage = -1;
  return text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#")).map((l) => {
    const [op, ...rest] = l.split(/\s+/);
    if (op === "FROM") stage++;
    return { op, args: rest.join(" "), stage };
  });
}

const find = (op: string, stage: number) =>
  instructions().filter((i) => i.op === op && i.stage === stage).map((i) => i.args);
const imageEnv = (): Record<string, string> =>
  Object.fromEntries(find("ENV", 1).join(" ").split(/\s+/).map((kv) => kv.split("=", 2)));

Deno.test("Dockerfile: compiles in Deno's image, runs distroless as nonroot", () => {
  const ciDeno = /^DENO_VERSION="([\d.]+)"$/m.exec(Deno.readTextFileSync(`${ROOT}.ci/run`))![1];
  assert.deepEqual(find("FROM", 0), [`denoland/deno:${ciDeno} AS build`]);
  assert.deepEqual(find("FROM", 1), ["gcr.io/distroless/cc-debian12:nonroot"]);
  const runs = find("RUN", 0).join("\n");
  assert.match(runs, /deno install --frozen/);
  assert.match(runs, /deno task compile/);
  // The compile task writes dist/fakeai (relative to WORKDIR /src): the final stage copies it.
  assert.ok(compileTask().join(" ").includes("--output dist/fakeai "));
  assert.deepEqual(find("WORKDIR", 0), ["/src"]);
  assert.ok(find("COPY", 1).includes("--from=build /src/dist/fakeai /fakeai"));
  assert.deepEqual(find("USER", 1), ["nonroot"]);
  assert.deepEqual(find("EXPOSE", 1), ["8000"]);
  assert.deepEqual(find("ENTRYPOINT", 1).map((a) => JSON.parse(a)), [["/fakeai"]]);
  assert.deepEqual(find("CMD", 1).map((a) => JSON.parse(a)), [[
    "server",
    "--host",
    "0.0.0.0",
    "--workers",
    "auto",
  ]]);
  const healthcheck = find("HEALTHCHECK", 1)[0];
  assert.deepEqual(JSON.parse(healthcheck.slice(healthcheck.indexOf("CMD ") + 4)), [
    "/fakeai",
    "healthcheck",
  ]);
  assert.deepEqual(imageEnv(), { FAKEAI_HOST: "0.0.0.0", FAKEAI_PORT: "8000" });
});

Deno.test("Dockerfile: labels, version and the writable metrics/files volume", () => {
  const version = JSON.parse(Deno.readTextFileSync(`${ROOT}deno.json`)).version;
  assert.deepEqual(find("ARG", 1), [`VERSION=${version}`]);
  const labels = find("LABEL", 1).join(" ");
  for (const key of ["title", "description", "version"]) {
    assert.match(labels, new RegExp(`org\\.opencontainers\\.image\\.${key}=`), key);
  }
  const dbDir = SETTINGS.metricsDbPath.default.replace(/\/[^/]+$/, "");
  assert.deepEqual(find("VOLUME", 1).map((a) => JSON.parse(a)), [[dbDir]]);
  assert.ok(
    find("COPY", 1).some((a) =>
      a.startsWith("--from=build --chown=65532:65532") && a.endsWith(` ${dbDir}`)
    ),
    "the volume's directory belongs to nonroot (uid 65532)",
  );
});

Deno.test("Dockerfile: .dockerignore keeps what the build copies and drops the rest", () => {
  const patterns = Deno.readTextFileSync(`${ROOT}.dockerignore`).split("\n")
    .map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const matches = (pattern: string, path: string) =>
    new RegExp(
      `^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replaceAll("*", "[^/]*")}(/|$)`,
    ).test(path);
  // As Docker reads it: the last pattern that matches decides, and `!` lets a path back in.
  const ignored = (path: string) =>
    patterns.reduce(
      (out, p) =>
        p.startsWith("!") ? (matches(p.slice(1), path) ? false : out) : out || matches(p, path),
      false,
    );
  const copied = find("COPY", 0).map((a) => a.split(/\s+/).slice(0, -1)).flat();
  assert.deepEqual(copied, ["deno.json", "deno.lock", "main.ts", "src", "scripts/compile.ts"]);
  for (const path of copied) assert.equal(ignored(path), false, path);
  const dropped = ["tests", "deploy", ".git", "dist", "README.md", "metrics.db", "scripts/x.ts"];
  for (const path of dropped) assert.equal(ignored(path), true, path);
});

Deno.test("image: the guide's docker run -e settings are accepted with the image's CMD", async () => {
  const env = {
    ...imageEnv(),
    FAKEAI_HOST: "0.0.0.0",
    FAKEAI_PORT: "8000",
    FAKEAI_DEBUG: "false",
    FAKEAI_RESPONSE_DELAY: "0.5",
  };
  const cmd = JSON.parse(find("CMD", 1)[0]) as string[];
  const r = await runCli(["config", "show", ...cmd.slice(1)], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "", "no unknown-variable warnings");
  assert.match(r.stdout, /^response\.delay\s+0\.5\s+\(env FAKEAI_RESPONSE_DELAY\)$/m);
  assert.match(r.stdout, /^server\.host\s+0\.0\.0\.0\s+\(flag --host\)$/m);
});

Deno.test("image: HEALTHCHECK's `fakeai healthcheck` finds the server from the image's ENV", async () => {
  const server = await startFakeAI({ args: ["--response-delay", "0"] });
  try {
    // As in the container: FAKEAI_HOST is the wildcard, FAKEAI_PORT the server's port.
    const env = { ...imageEnv(), FAKEAI_PORT: new URL(server.url).port };
    const r = await runCli(["healthcheck"], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^healthy: http:\/\/127\.0\.0\.1:\d+\/health/);
  } finally {
    assert.equal(await server.stop(), 0);
  }
});
