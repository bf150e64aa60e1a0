/**
 * Writing recorded rules: each recorded answer becomes a rule appended to the record file (a
 * scenario file like any other), one write at a time, never twice for the same request.
 */
import { parse as parseYaml, stringify as toYaml } from "yaml";

export interface RecordedRule {
  name: string;
  match: Record<string, unknown>;
  respond: Record<string, unknown>;
}

let writing: Promise<unknown> = Promise.resolve();

/** Appends `rule` to the file (created when missing) unless a rule of that name is there. */
export function appendRecordedRule(path: string, rule: RecordedRule): Promise<boolean> {
  const next = writing.then(() => append(path, rule));
  writing = next.catch(() => {});
  return next;
}

async function append(path: string, rule: RecordedRule): Promise<boolean> {
  let doc: { rules?: RecordedRule[] } = {};
  try {
    doc = (parseYaml(await Deno.readTextFile(path)) ?? {}) as typeof doc;
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  const rules = Array.isArray(doc.rules) ? doc.rules : [];
  if (rules.some((r) => r.name === rule.name)) return false;
  const tmp = `${path}.tmp`;
  await Deno.writeTextFile(tmp, toYaml({ ...doc, rules: [...rules, rule] }));
  await Deno.rename(tmp, path);
  return true;
}
