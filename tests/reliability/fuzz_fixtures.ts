/**
 * Cases about things that exist: a stored response and its input items, files, a generated
 * image, a batch input file. The test makes them before the run; a case names them by
 * placeholders (`{response_id}`) that are filled in when it is sent.
 */
import { type FuzzCase, JSON_TYPE, utf8 } from "./fuzz_case.ts";
import { BATCHES } from "./fuzz_endpoints_media.ts";
import { fieldCases } from "./fuzz_fields.ts";
import { LIMITS } from "./fuzz_queries.ts";
import type { Prng } from "../../src/util/prng.ts";

export type Fixtures = Record<string, string>;

async function json(res: Response): Promise<Record<string, unknown>> {
  const body = await res.json();
  if (!res.ok) throw new Error(`fixture not made: ${JSON.stringify(body)}`);
  return body;
}

/** Makes the fixtures on a running server (its `/v1` URL). */
export async function makeFixtures(baseURL: string): Promise<Fixtures> {
  const post = (path: string, body: unknown) =>
    fetch(`${baseURL}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }).then(json);
  const upload = (name: string) => {
    const form = new FormData();
    form.append("purpose", "batch");
    form.append(
      "file",
      new Blob(['{"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{}}\n']),
      name,
    );
    return fetch(`${baseURL}/files`, { method: "POST", body: form }).then(json);
  };
  const input = ["one", "two", "three"].map((text) => ({ role: "user", content: text }));
  const response = await post("/responses", { model: "gpt-4o", input, max_output_tokens: 16 });
  const doomed = await post("/responses", { model: "gpt-4o", input: "x", max_output_tokens: 16 });
  const items = await (await fetch(`${baseURL}/responses/${response.id}/input_items`)).json();
  const image = await post("/images/generations", {
    model: "dall-e-2",
    prompt: "a cat",
    size: "256x256",
  });
  return {
    response_id: String(response.id),
    response_to_delete: String(doomed.id),
    item_id: String(items.data[1].id),
    file_id: String((await upload("in.jsonl")).id),
    file_to_delete: String((await upload("gone.jsonl")).id),
    image_path: new URL((image.data as Array<{ url: string }>)[0].url).pathname,
  };
}

/** A case's `{name}` placeholders (target and body) filled from the fixtures. */
export function withFixtures(c: FuzzCase, fixtures: Fixtures): FuzzCase {
  if (!c.fill) return c;
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (m, name) => fixtures[name] ?? m);
  const body = c.body ? utf8(fill(new TextDecoder().decode(c.body))) : undefined;
  return { ...c, target: fill(c.target), body };
}

const continued = (extra: string) =>
  `{"model":"gpt-4o","max_output_tokens":16,"previous_response_id":"{response_id}"${extra}}`;

export function fixtureCases(prng: Prng): FuzzCase[] {
  const get = (target: string, expect: string, method = "GET"): FuzzCase => ({
    id: `fixture ${method} ${target}`,
    method,
    target,
    expect,
    fill: true,
  });
  const cases: FuzzCase[] = [
    get("/v1/responses/{response_id}", "2xx"),
    get("/v1/responses/{response_id}", "2xx", "HEAD"),
    get("/v1/responses/{response_id}/input_items/x", "404"),
    get("/v1/responses/{response_id}/input_items?after={item_id}", "2xx"),
    ...LIMITS(100).map(([v, expect]) =>
      get(`/v1/responses/{response_id}/input_items?limit=${v}`, expect)
    ),
    ...[["asc", "2xx"], ["desc", "2xx"], ["", "2xx"], ["DESC", "400"], ["%ff", "400"]]
      .map(([v, expect]) => get(`/v1/responses/{response_id}/input_items?order=${v}`, expect)),
    ...[["", "2xx"], ["msg_nope", "400"], ["%ff", "400"], ["constructor", "400"]]
      .map(([v, expect]) => get(`/v1/responses/{response_id}/input_items?after=${v}`, expect)),
    get("/v1/responses/{response_to_delete}", "2xx", "DELETE"),
    get("/v1/responses/{response_id}", "405", "PUT"),
    get("/v1/files/{file_id}", "2xx"),
    get("/v1/files/{file_id}/content", "2xx"),
    get("/v1/files/{file_id}/content?x=%ff", "2xx"),
    get("/v1/files/{file_id}/content/x", "404"),
    get("/v1/files/{file_id}", "405", "PATCH"),
    get("/v1/files/{file_to_delete}", "2xx", "DELETE"),
    get("{image_path}", "2xx"),
    get("{image_path}", "2xx", "HEAD"),
    get("{image_path}?v=1&v=%zz", "2xx"),
    get("{image_path}x", "404"),
    get("{image_path}", "405", "POST"),
  ];
  // A conversation continued from a stored response: its history is the input when none is given.
  const turns: Array<[string, string, string]> = [
    ["input text", ',"input":"next"', "2xx"],
    ["no input", "", "2xx"],
    ["input null", ',"input":null', "2xx"],
    ["input []", ',"input":[]', "2xx"],
    ["input 1", ',"input":1', "400"],
    ["input [{}]", ',"input":[{}]', "400"],
    ["instructions only", ',"instructions":"Be brief."', "2xx"],
    ["store false", ',"input":"x","store":false', "2xx"],
    ["stream", ',"input":"x","stream":true', "2xx"],
  ];
  for (const [name, extra, expect] of turns) {
    cases.push({
      id: `fixture continue ${name}`,
      method: "POST",
      target: "/v1/responses",
      headers: [JSON_TYPE],
      body: utf8(continued(extra)),
      expect,
      fill: true,
    });
  }
  // Batches from a real batch file: a valid body is created (its lines fail validation later).
  const realBatches = {
    ...BATCHES,
    name: "batches-real",
    base: { ...BATCHES.base, input_file_id: "{file_id}" },
    okStatus: "2xx",
    fields: BATCHES.fields.filter((field) => field.path[0] !== "input_file_id"),
  };
  return [...cases, ...fieldCases(realBatches, prng).map((c) => ({ ...c, fill: true }))];
}
