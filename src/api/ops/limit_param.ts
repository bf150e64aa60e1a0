/** The `limit` query parameter of FakeAI's own read endpoints (metrics history, timings). */
import { errors } from "../../server/errors.ts";

/** An integer from 1 to `max`; undefined when absent; a 400 naming the parameter otherwise. */
export function limitParam(raw: string | undefined, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < 1 || n > max) {
    throw errors.invalidParam(
      "limit",
      `Invalid 'limit': expected an integer from 1 to ${max}, got '${raw}'.`,
    );
  }
  return n;
}
