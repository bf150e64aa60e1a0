/** Scenario files → rules → decisions: matching, first match wins, nth, sequences, strict, reload. */
import assert from "node:assert/strict";
import { ScenarioBook, type ScenarioRequest } from "../../../src/engine/scenarios/scenario_book.ts";
import { scenarioRules } from "../../../src/engine/scenarios/scenario_rules.ts";
import { withTempDir } from "../../support/temp_dir.ts";

const ISSUE_EXAMPLE = `rules:
  - name: weather
    match:
      last_user_message: { contains: "weather" }
    respond:
      tool_calls:
        - name: get_weather
          arguments: { city: "Paris" }
  - name: after-weather
    match:
      tool_result_for: get_weather
    respond:
      content: "It is sunny in Paris, 21 °C."
  - name: overloaded
    match:
      last_user_message: { regex: "^overload" }
    respond:
      error: { status: 503, type: "server_error", code: "overloaded", message: "Try later." }
`;

function request(over: Partial<ScenarioRequest> & { headers?: Record<string, string> } = {}) {
  const headers = over.headers ?? {};
  return {
    endpoint: "/v1/chat/completions",
    model: "gpt-4o",
    messages: [{ role: "user", content: "hello" }],
    tools: [],
    header: (name: string) => headers[name],
    ...over,
  };
}

async function withBook<T>(
  files: Record<string, string>,
  fn: (book: ScenarioBook, dir: string) => T,
) {
  return await withTempDir(files, (dir) => {
    const book = new ScenarioBook([dir]);
    const loaded = book.load();
    assert.ok(loaded.ok, JSON.stringify(loaded));
    return fn(book, dir);
  });
}

const ruleOf = (d: ReturnType<ScenarioBook["decide"]>) =>
  d.kind === "scripted" ? d.rule.name : d.kind;

Deno.test("scenarios: the issue's example — a tool call, then the answer after its result, an error", async () => {
  await withBook({ "rules.yaml": ISSUE_EXAMPLE }, (book) => {
    const ask = [{ role: "user", content: "What is the weather in Paris?" }];
    const first = book.decide(request({ messages: ask }));
    assert.equal(ruleOf(first), "weather");
    assert.deepEqual(first.kind === "scripted" && first.reply.tool_calls, [
      { name: "get_weather", arguments: { city: "Paris" } },
    ]);
    const turn2 = [
      ...ask,
      {
        role: "assistant",
        tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather" } }],
      },
      { role: "tool", tool_call_id: "call_1", content: "sunny" },
    ];
    const second = book.decide(request({ messages: turn2 }));
    assert.equal(
      ruleOf(second),
      "after-weather",
      "the last message is a tool result, not the user's",
    );
    assert.equal(
      second.kind === "scripted" && second.reply.content,
      "It is sunny in Paris, 21 °C.",
    );
    const error = book.decide(request({ messages: [{ role: "user", content: "overload me" }] }));
    assert.equal(error.kind === "scripted" && error.reply.error?.status, 503);
    assert.equal(ruleOf(book.decide(request())), "generated", "no match: generated content");
    assert.deepEqual(book.status().map((r) => r.hits), [1, 1, 1]);
  });
});

Deno.test("scenarios: nth counts per conversation or test id; sequences advance; reset clears", async () => {
  const yaml = `rules:
  - name: second-time
    match: { last_user_message: "again", nth: 2 }
    respond: { content: "Second!" }
  - name: steps
    match: { last_user_message: "step" }
    respond:
      sequence: [{ content: "one" }, { content: "two" }]
`;
  await withBook({ "r.yaml": yaml }, (book) => {
    const again = (test?: string) =>
      book.decide(request({
        messages: [{ role: "user", content: "again" }],
        headers: test ? { "x-fakeai-test-id": test } : {},
      }));
    assert.equal(ruleOf(again()), "generated", "first call");
    assert.equal(ruleOf(again()), "second-time", "second call in this conversation");
    assert.equal(ruleOf(again()), "generated", "third");
    assert.equal(ruleOf(again("t1")), "generated", "another test id counts apart");
    assert.equal(ruleOf(again("t1")), "second-time");
    const step = () => {
      const d = book.decide(request({ messages: [{ role: "user", content: "step" }] }));
      return d.kind === "scripted" ? d.reply.content : d.kind;
    };
    assert.deepEqual([step(), step(), step()], ["one", "two", "two"], "the last reply repeats");
    book.reset();
    assert.equal(step(), "one");
    assert.equal(ruleOf(again()), "generated");
  });
});

Deno.test("scenarios: model globs, tools offered, system prompt, headers, endpoint; first match wins", async () => {
  const yaml = `rules:
  - name: mini-only
    match: { model: "gpt-4o-mini*", last_user_message: { equals: "hi" } }
    respond: { content: "mini" }
  - name: tools
    match: { tools_offered: [search, fetch] }
    respond: { tool_calls: [{ name: search, arguments: '{"q":"x"}' }] }
  - name: pirate
    match: { system_prompt: { regex: "pirate" } }
    respond: { content: "Arr" }
  - name: tagged
    match: { header: { x-test: "a" }, endpoint: /v1/responses }
    respond: { refusal: "No." }
  - name: anything
    match: {}
    respond: { content: "fallback" }
`;
  await withBook({ "r.yaml": yaml }, (book) => {
    const hi = [{ role: "user", content: "hi" }];
    assert.equal(
      ruleOf(book.decide(request({ model: "gpt-4o-mini-2024", messages: hi }))),
      "mini-only",
    );
    assert.equal(ruleOf(book.decide(request({ messages: hi }))), "anything", "not the mini model");
    assert.equal(ruleOf(book.decide(request({ tools: ["fetch", "search"] }))), "tools");
    assert.equal(ruleOf(book.decide(request({ tools: ["search"] }))), "anything", "both needed");
    const pirate = [{ role: "system", content: "You are a pirate." }, ...hi];
    assert.equal(ruleOf(book.decide(request({ messages: pirate }))), "pirate");
    const tagged = request({ endpoint: "/v1/responses", headers: { "x-test": "a" } });
    assert.equal(ruleOf(book.decide(tagged)), "tagged");
    const named = book.decide(request({ headers: { "x-fakeai-scenario": "pirate" } }));
    assert.equal(ruleOf(named), "pirate", "the header selects a rule directly");
    assert.deepEqual(book.decide(request({ headers: { "x-fakeai-scenario": "nope" } })), {
      kind: "unmatched",
      named: "nope",
    });
  });
});

Deno.test("scenarios: strict mode from the file, the setting or a request header", async () => {
  const yaml =
    `rules:\n  - name: only\n    match: { last_user_message: "only" }\n    respond: { content: "x" }\n`;
  await withBook({ "r.yaml": yaml }, (book) => {
    assert.equal(ruleOf(book.decide(request())), "generated");
    const strictRequest = request({ headers: { "x-fakeai-scenario-strict": "true" } });
    assert.equal(ruleOf(book.decide(strictRequest)), "unmatched");
  });
  await withBook({ "r.yaml": `strict: true\n${yaml}` }, (book) => {
    assert.equal(ruleOf(book.decide(request())), "unmatched");
  });
});

Deno.test("scenarios: problems name the file, the rule and the field; a bad reload keeps the rules", async () => {
  const problems = (content: unknown) => {
    const r = scenarioRules("s.yaml", content);
    return "problems" in r ? r.problems : [];
  };
  const [wrongType] = problems({ rules: [{ name: "a", respond: { content: 3 } }] });
  assert.match(wrongType, /^s\.yaml: rule a: respond/);
  const [typo] = problems({
    rules: [{ name: "a", match: { last_usr_message: "x" }, respond: {} }],
  });
  assert.match(typo, /^s\.yaml: rule a: match: .*last_usr_message/);
  const [empty] = problems({ rules: [{ name: "b", respond: { finish_reason: "stop" } }] });
  assert.equal(empty, "s.yaml: rule b: respond: give content, tool_calls, refusal or error");
  const [regex] = problems({
    rules: [{ name: "c", match: { any_message: { regex: "(" } }, respond: { content: "x" } }],
  });
  assert.match(regex, /^s\.yaml: rule c: match\.any_message\.regex: /);
  const twice = problems({
    rules: [{ name: "d", respond: { content: "x" } }, { name: "d", respond: { content: "y" } }],
  });
  assert.deepEqual(twice, ["s.yaml: rule d: name used twice"]);

  await withTempDir({ "r.yaml": "rules:\n  - name: ok\n    respond: { content: hi }\n" }, (dir) => {
    const book = new ScenarioBook([dir]);
    assert.ok(book.load().ok);
    Deno.writeTextFileSync(`${dir}/r.yaml`, "rules: [oops");
    const again = book.load();
    assert.equal(again.ok, false);
    assert.match(!again.ok ? again.problems[0] : "", /r\.yaml: not valid YAML/);
    assert.equal(book.size, 1, "the previous rules stay");
  });
});

Deno.test("scenarios: recorded rules match their exact request; timing: recorded marks the file", async () => {
  const { requestDigest } = await import("../../../src/engine/scenarios/request_digest.ts");
  const messages = [{ role: "user", content: "hi" }];
  const digest = requestDigest("/v1/chat/completions", "gpt-4o", messages, []);
  const yaml =
    `timing: recorded\nrules:\n  - name: rec\n    match: { request_digest: "${digest}" }\n` +
    `    respond: { content: "hello", recorded_timing: { ttft_ms: 120, itl_ms: 8 } }\n`;
  await withBook({ "r.yaml": yaml }, (book) => {
    const hit = book.decide(request({ messages }));
    assert.equal(hit.kind === "scripted" && hit.rule.recordedTiming, true);
    assert.deepEqual(hit.kind === "scripted" && hit.reply.recorded_timing, {
      ttft_ms: 120,
      itl_ms: 8,
    });
    const other = book.decide(request({ messages: [{ role: "user", content: "hi!" }] }));
    assert.equal(other.kind, "generated", "another request does not match");
  });
  const callA = [{
    role: "assistant",
    tool_calls: [{ id: "call_A", function: { name: "f", arguments: "{}" } }],
  }];
  const callB = [{
    role: "assistant",
    tool_calls: [{ id: "call_B", function: { name: "f", arguments: "{}" } }],
  }];
  assert.equal(
    requestDigest("/v1/chat/completions", "m", callA, []),
    requestDigest("/v1/chat/completions", "m", callB, []),
    "tool-call ids are made up by each server: they do not count",
  );
});
