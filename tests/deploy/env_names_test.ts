/**
 * Every FAKEAI_* name that a reader can copy from the deployment kit, the Dockerfile or the README
 * is a real setting (or FAKEAI_CONFIG): a typo fails here instead of being ignored in production.
 */
import assert from "node:assert/strict";
import { SETTINGS } from "../../src/config/schema.ts";
import { DEPLOY, ROOT } from "../support/kit_support.ts";
import { filesUnder } from "../support/files_under.ts";

const KNOWN = new Set([...Object.values(SETTINGS).map((s) => s.env), "FAKEAI_CONFIG"]);
const NAME = /FAKEAI_[A-Z0-9_]*[A-Z0-9]/g;

function unknownNames(path: string): string[] {
  const text = Deno.readTextFileSync(path);
  const out: string[] = [];
  text.split("\n").forEach((line, i) => {
    for (const [name] of line.matchAll(NAME)) {
      if (!KNOWN.has(name)) out.push(`${path.slice(ROOT.length)}:${i + 1} ${name}`);
    }
  });
  return out;
}

Deno.test("env names: deploy/, the Dockerfile and the README name only real settings", () => {
  const files = [...filesUnder(DEPLOY), `${ROOT}Dockerfile`, `${ROOT}README.md`];
  assert.ok(files.length > 20, `${files.length} files`);
  assert.deepEqual(files.flatMap(unknownNames), []);
});

Deno.test("env names: the checker catches a typo", async () => {
  const dir = await Deno.makeTempDir();
  try {
    Deno.writeTextFileSync(
      `${dir}/x.yml`,
      "env:\n  - FAKEAI_RESPONSE_DELAY=0\n  - FAKEAI_RESPNSE_DELAY=1\n",
    );
    assert.equal(unknownNames(`${dir}/x.yml`).length, 1);
    assert.match(unknownNames(`${dir}/x.yml`)[0], /:3 FAKEAI_RESPNSE_DELAY$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("env names: the kit sets the variables the guide's deployment examples set", () => {
  const text = (p: string) => Deno.readTextFileSync(`${DEPLOY}${p}`);
  const guideCompose = [
    "FAKEAI_HOST",
    "FAKEAI_PORT",
    "FAKEAI_DEBUG",
    "FAKEAI_RESPONSE_DELAY",
    "FAKEAI_RANDOM_DELAY",
    "FAKEAI_MAX_VARIANCE",
    "FAKEAI_REQUIRE_API_KEY",
    "FAKEAI_API_KEYS",
    "FAKEAI_RATE_LIMIT_ENABLED",
    "FAKEAI_RATE_LIMIT_TIER",
    "FAKEAI_KV_CACHE_ENABLED",
    "FAKEAI_KV_CACHE_BLOCK_SIZE",
    "FAKEAI_KV_CACHE_NUM_WORKERS",
  ];
  for (const name of guideCompose) {
    assert.match(text("compose/docker-compose.yml"), new RegExp(`- ${name}=`), name);
  }
  assert.match(text("compose/docker-compose.prod.yml"), /- FAKEAI_REDIS_URL=redis:\/\/redis:6379/);
  assert.match(text("systemd/fakeai.service"), /^Environment="FAKEAI_RATE_LIMIT_TIER=tier-3"$/m);
});
