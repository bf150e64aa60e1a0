/** Cursor pagination in OpenAI's list shape: {object:"list", data, first_id, last_id, has_more}. */
import { errors } from "../server/errors.ts";

export interface ListQuery {
  after: string | null;
  limit: number;
  order: "asc" | "desc";
}

export interface ListPage<T> {
  object: "list";
  data: T[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

/** Reads `after`, `limit` and `order` from the query string; bad values are 400s naming the param. */
export function parseListQuery(
  query: (name: string) => string | undefined,
  limits: { defaultLimit: number; maxLimit: number; defaultOrder?: "asc" | "desc" },
): ListQuery {
  const after = query("after");
  return {
    after: after === undefined || after === "" ? null : after,
    limit: parseLimit(query("limit"), limits.defaultLimit, limits.maxLimit),
    // Lists without an `order` parameter (batches) are newest first.
    order: limits.defaultOrder ? parseOrder(query("order"), limits.defaultOrder) : "desc",
  };
}

function parseLimit(raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n)) {
    throw errors.invalidParam(
      "limit",
      `Invalid type for 'limit': expected an integer, but got a string instead.`,
      "invalid_type",
    );
  }
  if (n < 1) {
    throw errors.invalidParam(
      "limit",
      `Invalid 'limit': integer below minimum value. Expected a value >= 1, but got ${n} instead.`,
      "integer_below_min_value",
    );
  }
  if (n > max) {
    throw errors.invalidParam(
      "limit",
      `Invalid 'limit': integer above maximum value. Expected a value <= ${max}, but got ${n} instead.`,
      "integer_above_max_value",
    );
  }
  return n;
}

function parseOrder(raw: string | undefined, fallback: "asc" | "desc"): "asc" | "desc" {
  if (raw === undefined || raw === "") return fallback;
  if (raw === "asc" || raw === "desc") return raw;
  throw errors.invalidParam(
    "order",
    `Invalid value: '${raw}'. Supported values are: 'asc' and 'desc'.`,
  );
}

/**
 * One page of items (already in the requested order), starting after the item with id `after`.
 * An unknown cursor is a 400: answering with an empty page would silently end a client's loop.
 */
export function listPage<T extends { id: string }, R>(
  items: readonly T[],
  query: ListQuery,
  render: (item: T) => R,
): ListPage<R> {
  let start = 0;
  if (query.after !== null) {
    const at = items.findIndex((item) => item.id === query.after);
    if (at === -1) {
      throw errors.invalidParam(
        "after",
        `Invalid 'after': no object with id '${query.after}' in this list.`,
      );
    }
    start = at + 1;
  }
  const page = items.slice(start, start + query.limit);
  return {
    object: "list",
    data: page.map(render),
    first_id: page.length > 0 ? page[0].id : null,
    last_id: page.length > 0 ? page[page.length - 1].id : null,
    has_more: start + page.length < items.length,
  };
}
