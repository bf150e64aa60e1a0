/**
 * Field cases: every field of every JSON endpoint, left out and set to its extras plus a seeded
 * sample of the shared value pool; the field's Kind decides the expected answer.
 */
import type { Prng } from "../../src/util/prng.ts";
import { fillHole, type FuzzCase, jsonCase, sample, withHole } from "./fuzz_case.ts";
import type { JsonEndpoint } from "./fuzz_endpoints.ts";
import { jsValue, POOL, valueOf, type Verdict } from "./fuzz_values.ts";

/** Pool values tried per field (besides the field's extras and leaving it out). */
export const VALUES_PER_FIELD = 24;

/**
 * Tried on every field: names every JS object inherits, which a lookup table keyed by a request
 * string must not find.
 */
const PROTOTYPE_NAMES = ["constructor", "__proto__", "toString"];

export function expectFor(endpoint: JsonEndpoint, verdict: Verdict): string {
  if (verdict === "ok") return endpoint.okStatus;
  if (verdict === "bad") return "400";
  return `${endpoint.okStatus}|400`;
}

export function fieldCases(endpoint: JsonEndpoint, prng: Prng): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (const field of endpoint.fields) {
    const name = field.path.join(".");
    const hole = withHole(endpoint.base, field.path);
    cases.push(
      {
        ...jsonCase(
          `${endpoint.name} ${name} left out`,
          endpoint.path,
          withHole(endpoint.base, field.path, true),
          expectFor(endpoint, field.kind(undefined)),
        ),
        check: endpoint.check,
      },
    );
    const values = [
      ...(field.extras ?? []).map(jsValue),
      ...PROTOTYPE_NAMES.map(jsValue),
      ...sample(prng, POOL, VALUES_PER_FIELD),
    ];
    const seen = new Set<string>();
    for (const value of values) {
      if (seen.has(value.label)) continue;
      seen.add(value.label);
      cases.push(
        {
          ...jsonCase(
            `${endpoint.name} ${name}=${value.label}`,
            endpoint.path,
            fillHole(hole, value.raw),
            expectFor(endpoint, field.kind(valueOf(value))),
          ),
          check: endpoint.check,
        },
      );
    }
  }
  return cases;
}
