/** `fakeai timings compare` in process: client files, a saved ledger or a live one, usage errors. */
import assert from "node:assert/strict";
import { timingsCommand } from "../../src/cli/timings_command.ts";
import type { CliIo } from "../../src/cli/io.ts";
import { withTempDir } from "../support/temp_dir.ts";

function io(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const cli = {
    out: (s: string) => out.push(s),
    err: (s: string) => err.push(s),
    env,
    cwd: Deno.cwd(),
  } as unknown as CliIo;
  return { cli, out, err };
}

const LEDGER = [
  {
    request_id: "req_a",
    stream: true,
    arrived_at: "2026-12-03T10:00:00.000Z",
    sent_ms: [50, 70, 90],
  },
  {
    request_id: "req_b",
    stream: true,
    arrived_at: "2026-12-03T10:00:01.000Z",
    sent_ms: [60, 80, null],
  },
  { request_id: "req_c", stream: false, arrived_at: "2026-12-03T10:00:02.000Z", sent_ms: [10] },
].map((r) => JSON.stringify(r)).join("\n") + "\n";

const CLIENT = [
  { request_id: "req_a", ttft_ms: 52, itl_ms: [20, 21] },
  { request_id: "req_b", ttft_ms: 61, itl_ms: [20] },
].map((r) => JSON.stringify(r)).join("\n");

Deno.test("timings compare: a client file against a saved ledger, as text and JSON", async () => {
  await withTempDir({}, async (dir) => {
    await Deno.writeTextFile(`${dir}/client.jsonl`, CLIENT);
    await Deno.writeTextFile(`${dir}/ledger.jsonl`, LEDGER);
    const text = io();
    const code = await timingsCommand(
      ["compare", `${dir}/client.jsonl`, "--ledger", `${dir}/ledger.jsonl`],
      text.cli,
    );
    assert.equal(code, 0, text.err.join("\n"));
    assert.match(text.out[0], /^2 requests paired by request id \(jsonl export\)/);
    assert.match(text.out[0], /TTFT \(ms\)\s+2\s+/);

    const json = io();
    await timingsCommand(
      ["compare", "--format", "json", `${dir}/client.jsonl`, `--ledger=${dir}/ledger.jsonl`],
      json.cli,
    );
    const report = JSON.parse(json.out[0]);
    assert.equal(report.paired, 2);
    const ttft = report.metrics.find((m: { metric: string }) => m.metric === "ttft_ms");
    assert.equal(ttft.offset.mean, 1.5); // (52-50 + 61-60) / 2
    const itl = report.metrics.find((m: { metric: string }) => m.metric === "itl_ms");
    assert.deepEqual([itl.offset.count, itl.offset.min, itl.offset.max], [3, 0, 1]);
  });
});

Deno.test("timings compare: reads the live ledger with the admin key", async () => {
  await withTempDir({}, async (dir) => {
    await Deno.writeTextFile(`${dir}/client.jsonl`, CLIENT);
    const seen: { url: string; auth: string | null }[] = [];
    const fetchStub = (url: string, init?: RequestInit) => {
      seen.push({ url, auth: new Headers(init?.headers).get("authorization") });
      return Promise.resolve(new Response(LEDGER, { status: 200 }));
    };
    const run = io({ FAKEAI_ADMIN_KEY: "sk-admin" });
    const code = await timingsCommand(
      ["compare", `${dir}/client.jsonl`, "--url", "http://127.0.0.1:9"],
      run.cli,
      fetchStub,
    );
    assert.equal(code, 0, run.err.join("\n"));
    assert.deepEqual(seen, [{
      url: "http://127.0.0.1:9/v1/fakeai/timings",
      auth: "Bearer sk-admin",
    }]);

    const refused = io();
    const notOn = () =>
      Promise.resolve(
        new Response(JSON.stringify({ error: { message: "The timing ledger is off" } }), {
          status: 404,
        }),
      );
    assert.equal(
      await timingsCommand(
        ["compare", `${dir}/client.jsonl`, "--url", "http://h:1"],
        refused.cli,
        notOn,
      ),
      1,
    );
    assert.match(refused.err.join("\n"), /timing ledger is off/);
  });
});

Deno.test("timings compare: usage errors and unreadable files are exit 2; nothing paired is 1", async () => {
  await withTempDir({}, async (dir) => {
    const cases: [string[], RegExp][] = [
      [[], /Usage: fakeai timings compare/],
      [["nope"], /unknown action "nope"/],
      [["compare"], /expected CLIENT_FILE/],
      [["compare", "x", "--format", "csv"], /--format: expected text or json/],
      [["compare", `${dir}/missing.jsonl`, "--ledger", "x"], /missing\.jsonl: .*No such file/i],
    ];
    for (const [args, message] of cases) {
      const run = io();
      assert.equal(await timingsCommand(args, run.cli), 2, args.join(" "));
      assert.match(run.err.join("\n"), message);
    }
    await Deno.writeTextFile(`${dir}/bad.jsonl`, '{"request_id":"a","ttft_ms":"x"}');
    const bad = io();
    assert.equal(
      await timingsCommand(["compare", `${dir}/bad.jsonl`, "--ledger", "x"], bad.cli),
      2,
    );
    assert.match(bad.err[0], /bad\.jsonl: line 1: ttft_ms: expected a number/);

    await Deno.writeTextFile(`${dir}/other.jsonl`, '{"request_id":"zzz","ttft_ms":1,"itl_ms":[]}');
    await Deno.writeTextFile(`${dir}/ledger.jsonl`, LEDGER);
    const none = io();
    assert.equal(
      await timingsCommand(
        ["compare", `${dir}/other.jsonl`, "--ledger", `${dir}/ledger.jsonl`],
        none.cli,
      ),
      1,
    );
    assert.match(none.err.join("\n"), /no client request matches a ledger record/);
    const help = io();
    assert.equal(await timingsCommand(["--help"], help.cli), 0);
    assert.match(help.out[0], /AIPerf/);
  });
});
