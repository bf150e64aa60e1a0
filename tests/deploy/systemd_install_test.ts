/**
 * The documented systemd install: docs/deployment.md's steps are deploy/systemd/install.sh (one
 * list), which, run into a temporary root (DESTDIR), leaves every path the unit needs in place —
 * the binary, WorkingDirectory, ReadWritePaths, required EnvironmentFiles — and the unit installed
 * there passes systemd-analyze verify. useradd and systemctl are stubs: nothing touches the machine.
 */
import assert from "node:assert/strict";
import { canUnshare, DEPLOY, ROOT, run } from "../support/kit_support.ts";

const SCRIPT = `${DEPLOY}systemd/install.sh`;

/** The bash block of docs/deployment.md's "## systemd" section. */
function documentedSteps(): string {
  const doc = Deno.readTextFileSync(`${ROOT}docs/deployment.md`);
  const section = doc.split(/^## /m).find((s) => s.startsWith("systemd\n"));
  assert.ok(section, 'docs/deployment.md has a "## systemd" section');
  return /```bash\n([\s\S]*?)```/.exec(section)![1];
}

/** Paths the unit needs before it starts: [directive, path, must be a directory]. */
function neededPaths(unit: string): Array<[string, string, boolean]> {
  const out: Array<[string, string, boolean]> = [];
  for (const [, key, value] of unit.matchAll(/^(\w+)=(.*)$/gm)) {
    const paths = value.split(/\s+/).filter((p) => /^[-+]?\//.test(p));
    if (key === "ExecStart") out.push([key, value.split(/\s+/)[0].replace(/^[-@:+!]+/, ""), false]);
    if (key === "WorkingDirectory" && !value.startsWith("-")) out.push([key, value, true]);
    if (key === "ReadWritePaths" || key === "ReadOnlyPaths") {
      for (const p of paths) if (!p.startsWith("-")) out.push([key, p.replace(/^\+/, ""), true]);
    }
    if (key === "EnvironmentFile" && !value.startsWith("-")) out.push([key, value, false]);
  }
  return out;
}

function statOrNull(path: string): Deno.FileInfo | null {
  try {
    return Deno.statSync(path);
  } catch {
    return null; // missing
  }
}

Deno.test("systemd: the documented install steps are install.sh, nothing besides it", () => {
  const steps = documentedSteps();
  assert.match(steps, /^sudo deploy\/systemd\/install\.sh\b/m);
  assert.doesNotMatch(
    steps,
    /^\s*sudo (install|mkdir|useradd|cp|chown)\b/m,
    "one list: the script",
  );
  assert.match(Deno.readTextFileSync(`${DEPLOY}systemd/fakeai.service`), /install\.sh/);
});

Deno.test("systemd: install.sh into a temporary root leaves everything the unit needs", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fakeai-install-" });
  try {
    const root = `${dir}/root`;
    const stubs = `${dir}/bin`;
    Deno.mkdirSync(stubs);
    for (const name of ["useradd", "groupadd", "systemctl"]) {
      Deno.writeTextFileSync(`${stubs}/${name}`, `#!/bin/sh\necho "${name} $*" >> ${dir}/called\n`);
      Deno.chmodSync(`${stubs}/${name}`, 0o755);
    }
    const binary = `${dir}/fakeai`;
    Deno.writeTextFileSync(binary, "#!/bin/sh\n");
    Deno.chmodSync(binary, 0o755);
    const env = {
      PATH: `${stubs}:${Deno.env.get("PATH") ?? "/usr/bin:/bin"}`,
      DESTDIR: root,
      BINARY: binary,
    };
    const r = await run("bash", [SCRIPT], { env });
    assert.equal(r.code, 0, r.output);
    const unitPath = `${root}/etc/systemd/system/fakeai.service`;
    const unit = Deno.readTextFileSync(unitPath);

    const needed = neededPaths(unit);
    assert.ok(needed.some(([key]) => key === "WorkingDirectory"), "the unit names one");
    for (const [key, path, isDir] of needed) {
      const stat = statOrNull(`${root}${path}`);
      assert.ok(stat, `${key}=${path}: missing after the install`);
      assert.equal(stat.isDirectory, isDir, `${key}=${path}`);
      if (key === "ExecStart") assert.ok((stat.mode! & 0o111) !== 0, `${path} is executable`);
    }
    assert.ok(Deno.statSync(`${root}/etc/fakeai/fakeai.env`).isFile);
    assert.ok(Deno.statSync(`${root}/etc/logrotate.d/fakeai`).isFile);
    assert.throws(() => Deno.statSync(`${dir}/called`), "no stub was needed under DESTDIR");

    // A second run keeps local overrides.
    Deno.writeTextFileSync(`${root}/etc/fakeai/fakeai.env`, "FAKEAI_DEBUG=true\n");
    assert.equal((await run("bash", [SCRIPT], { env })).code, 0);
    assert.equal(Deno.readTextFileSync(`${root}/etc/fakeai/fakeai.env`), "FAKEAI_DEBUG=true\n");

    // systemd-analyze verify on the installed unit, its ExecStart being the installed binary.
    let verify;
    if (canUnshare()) {
      const script = `mount --bind ${root}/usr/local/bin /usr/local/bin && ` +
        `systemd-analyze verify ${unitPath}`;
      verify = await run("unshare", ["-m", "sh", "-c", script]);
    } else {
      const copy = `${dir}/fakeai.service`;
      Deno.writeTextFileSync(copy, unit.replaceAll("/usr/local/bin/fakeai", binary));
      verify = await run("systemd-analyze", ["verify", copy]);
    }
    assert.equal(verify.code, 0, verify.output);
    assert.equal(verify.output.trim(), "", "no warnings");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("systemd: install.sh without a built binary says what to do", async () => {
  const r = await run("bash", [SCRIPT], {
    env: { PATH: "/usr/bin:/bin", DESTDIR: "/nonexistent", BINARY: "/no/such/fakeai" },
  });
  assert.equal(r.code, 1, r.output);
  assert.match(r.output, /no\/such\/fakeai: build it first \(deno task compile\)/);
});
