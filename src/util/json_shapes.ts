/** Narrowing of parsed JSON (request bodies): the checks every reader of loose input repeats. */

/** A JSON object, its values not yet checked. */
export type Obj = Record<string, unknown>;

/** A JSON object: not null, not an array. */
export const isObj = (v: unknown): v is Obj =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** `v` when it is a string, else undefined. */
export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
