/** Every problem from every source is reported at once, each naming where it came from. */
import assert from "node:assert/strict";
import { loadConfig } from "../../src/config/load.ts";
import { withTempDir } from "../support/temp_dir.ts";

Deno.test("errors: bad env, bad file and bad flag values are ALL reported with their source", async () => {
  await withTempDir({ "c.yaml": "server:\n  debug: maybe\n" }, (dir) => {
    const path = `${dir}/c.yaml`;
    const r = loadConfig({
      env: { FAKEAI_PORT: "abc" },
      flags: [{ key: "logLevel", raw: "loud", flag: "--log-level" }],
      configFile: path,
    });
    assert.equal(r.errors.length, 3, r.errors.join("\n"));
    const env = r.errors.find((e) => e.includes("FAKEAI_PORT"));
    const file = r.errors.find((e) => e.includes("server.debug"));
    const flag = r.errors.find((e) => e.includes("--log-level"));
    assert.ok(env && /environment/.test(env) && env.includes("abc"), env);
    assert.ok(file && file.includes(path) && file.includes("maybe"), file);
    assert.ok(flag && /command line/.test(flag) && flag.includes("loud"), flag);
    assert.match(flag, /debug, info, warn, error/, "an enum error lists the choices");
  });
});

Deno.test("errors: several bad env values are all listed, not just the first", () => {
  const r = loadConfig({
    env: { FAKEAI_PORT: "99999", FAKEAI_MAX_VARIANCE: "2", FAKEAI_TTFT_MS: "-1" },
    flags: [],
  });
  assert.equal(r.errors.length, 3, r.errors.join("\n"));
  for (const name of ["FAKEAI_PORT", "FAKEAI_MAX_VARIANCE", "FAKEAI_TTFT_MS"]) {
    assert.ok(r.errors.some((e) => e.startsWith(name)), name);
  }
  assert.ok(r.errors.some((e) => e.includes("0..65535") && e.includes("99999")));
});

Deno.test("errors: an int setting rejects fractions and empty values", () => {
  const r = loadConfig({ env: { FAKEAI_PORT: "80.5", FAKEAI_SEED: "" }, flags: [] });
  assert.equal(r.errors.length, 2, r.errors.join("\n"));
});

Deno.test("errors: cross-field output_length_min > output_length_max is an error naming both", () => {
  const r = loadConfig({
    env: { FAKEAI_OUTPUT_LENGTH_MIN: "500" },
    flags: [{ key: "outputLengthMax", raw: "100", flag: "--output-length-max" }],
  });
  assert.equal(r.errors.length, 1, r.errors.join("\n"));
  assert.match(r.errors[0], /output_length_min/);
  assert.match(r.errors[0], /output_length_max/);
  assert.match(r.errors[0], /FAKEAI_OUTPUT_LENGTH_MIN/);
  assert.match(r.errors[0], /--output-length-max/);
  const equal = loadConfig({
    env: { FAKEAI_OUTPUT_LENGTH_MIN: "100", FAKEAI_OUTPUT_LENGTH_MAX: "100" },
    flags: [],
  });
  assert.deepEqual(equal.errors, [], "min == max is allowed");
});

Deno.test("warnings: unknown FAKEAI_ env var names the closest valid one", () => {
  const r = loadConfig({ env: { FAKEAI_PROT: "9000", FAKEAI_ITL_M: "3" }, flags: [] });
  assert.deepEqual(r.errors, []);
  assert.equal(r.warnings.length, 2);
  assert.ok(r.warnings.some((w) => w.includes("FAKEAI_PROT") && w.includes("FAKEAI_PORT")));
  assert.ok(r.warnings.some((w) => w.includes("FAKEAI_ITL_M") && w.includes("FAKEAI_ITL_MS")));
  assert.equal(r.config.port, 8000, "the misspelt variable is not applied");
});

Deno.test("warnings: env vars without the FAKEAI_ prefix are ignored silently", () => {
  const r = loadConfig({ env: { PORT: "1", PATH: "/bin", fakeai_port: "2" }, flags: [] });
  assert.deepEqual(r.warnings, []);
  assert.deepEqual(r.errors, []);
  assert.equal(r.config.port, 8000);
});

Deno.test("warnings: an unrelated unknown FAKEAI_ name warns without a bogus suggestion", () => {
  const r = loadConfig({ env: { FAKEAI_COMPLETELY_UNRELATED_THING: "1" }, flags: [] });
  assert.equal(r.warnings.length, 1);
  assert.doesNotMatch(r.warnings[0], /did you mean/);
});

Deno.test("warnings: unknown file key names the closest path; unknown section; flat key", async () => {
  const yaml = [
    "server:",
    "  prot: 9000",
    "servr:",
    "  port: 9001",
    "port: 9002",
    "latency:",
    "  ttft_ms: 7",
  ].join("\n");
  await withTempDir({ "c.yaml": yaml }, (dir) => {
    const r = loadConfig({ env: {}, flags: [], configFile: `${dir}/c.yaml` });
    assert.deepEqual(r.errors, []);
    assert.equal(r.warnings.length, 3, r.warnings.join("\n"));
    const [key, section, flat] = r.warnings;
    assert.match(key, /"server\.prot".*did you mean server\.port\?/);
    assert.match(section, /unknown section "servr".*did you mean server\?/);
    assert.match(flat, /unknown section "port".*server\.port/);
    assert.equal(r.config.port, 8000, "none of the misplaced ports applies");
    assert.equal(r.config.ttftMs, 7, "the valid key next to them still applies");
  });
});
