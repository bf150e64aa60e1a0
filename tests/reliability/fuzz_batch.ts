/**
 * Batch cases: chat field mutations as the lines of one batch. The batch runner sends each line
 * through the app in-process, so every line's status must be the one the same body gets over
 * HTTP, and the batch must run to `completed` without an unhandled error.
 */
import type { Prng } from "../../src/util/prng.ts";
import { fillHole, sample, withHole } from "./fuzz_case.ts";
import { CHAT } from "./fuzz_endpoints_chat.ts";
import { expectFor } from "./fuzz_fields.ts";
import { matchesExpect } from "./fuzz_case.ts";
import { POOL } from "./fuzz_values.ts";

const LINE_VALUES_PER_FIELD = 6;
const WAIT_MS = 20_000;

export interface BatchPlan {
  jsonl: string;
  /** custom_id → [case name, expected statuses] */
  expected: Map<string, [string, string]>;
}

/** Every chat field but `model` (one model per batch) and `stream` (refused for the whole file). */
export function batchPlan(prng: Prng): BatchPlan {
  const rows: string[] = [];
  const expected = new Map<string, [string, string]>();
  for (const field of CHAT.fields) {
    const name = field.path.join(".");
    if (name === "model" || name === "stream") continue;
    const hole = withHole(CHAT.base, field.path);
    for (const value of sample(prng, POOL, LINE_VALUES_PER_FIELD)) {
      const raw = fillHole(hole, value.raw);
      // The runner re-serialises the line's body: 1e400 arrives as null, -0 as 0.
      const body = JSON.parse(JSON.stringify(JSON.parse(raw)));
      if (body.stream === true) continue;
      let at = body;
      for (const key of field.path) at = at?.[key];
      const id = `line-${rows.length}`;
      expected.set(id, [`${name}=${value.label}`, expectFor(CHAT, field.kind(at))]);
      rows.push(
        `{"custom_id":"${id}","method":"POST","url":"/v1/chat/completions","body":${raw}}`,
      );
    }
  }
  return { jsonl: rows.join("\n") + "\n", expected };
}

/** Uploads the lines and creates the batch; returns its id. */
export async function startBatch(baseURL: string, plan: BatchPlan): Promise<string> {
  const form = new FormData();
  form.append("purpose", "batch");
  form.append("file", new Blob([plan.jsonl]), "fuzz.jsonl");
  const file = await (await fetch(`${baseURL}/files`, { method: "POST", body: form })).json();
  const res = await fetch(`${baseURL}/batches`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      input_file_id: file.id,
      endpoint: "/v1/chat/completions",
      completion_window: "24h",
    }),
  });
  const batch = await res.json();
  if (!res.ok) throw new Error(`batch not created: ${JSON.stringify(batch)}`);
  return batch.id;
}

/** Waits for the batch to end; the problems with its lines. */
export async function batchProblems(
  baseURL: string,
  id: string,
  plan: BatchPlan,
): Promise<string[]> {
  const deadline = Date.now() + WAIT_MS;
  let batch: Record<string, unknown> & { status: string };
  do {
    batch = await (await fetch(`${baseURL}/batches/${id}`)).json();
    if (["completed", "failed", "expired", "cancelled"].includes(batch.status)) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  } while (Date.now() < deadline);
  if (batch.status !== "completed") {
    return [`batch ${id} ended ${batch.status}: ${JSON.stringify(batch).slice(0, 400)}`];
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const fileId of [batch.output_file_id, batch.error_file_id]) {
    if (typeof fileId !== "string") continue;
    const text = await (await fetch(`${baseURL}/files/${fileId}/content`)).text();
    for (const row of text.split("\n").filter((r) => r !== "")) {
      const { custom_id, response } = JSON.parse(row);
      seen.add(custom_id);
      const [name, expect] = plan.expected.get(custom_id) ?? ["?", "?"];
      const status = response?.status_code;
      if (!matchesExpect(expect, status)) {
        problems.push(
          `batch ${custom_id} [${name}]: expected ${expect}, got ${status} ${
            JSON.stringify(response?.body).slice(0, 200)
          }`,
        );
      }
    }
  }
  for (const id of plan.expected.keys()) if (!seen.has(id)) problems.push(`batch ${id}: no result`);
  return problems;
}
