/**
 * The JSON text of a log line, as `JSON.stringify({ timestamp: new Date(ms).toISOString(), level,
 * msg, ...fields })` writes it, for less: formatting a Date costs more than the rest of an access
 * line, so the part up to the second is reused, and the fields are not copied into a new object.
 */

/** The levels a line can have (written into the line as they are: none needs escaping). */
export type LogLevel = "debug" | "info" | "warn" | "error";

let cachedSecond = NaN;
/** `YYYY-MM-DDTHH:MM:SS.` of cachedSecond. */
let cachedPrefix = "";

/** `new Date(ms).toISOString()`. */
export function isoTimestamp(ms: number): string {
  const whole = Math.trunc(ms); // as Date does
  const second = Math.floor(whole / 1000);
  if (second !== cachedSecond) {
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, -4);
    cachedSecond = second;
  }
  const milli = whole - second * 1000;
  return cachedPrefix + (milli < 10 ? "00" : milli < 100 ? "0" : "") + milli + "Z";
}

/**
 * `JSON.stringify({ timestamp, level, msg, ...fields })`, for a timestamp that needs no escaping:
 * the fields are written in one pass behind a head written by hand.
 */
export function jsonLine(
  timestamp: string,
  level: LogLevel,
  msg: string,
  fields: Record<string, unknown>,
): string {
  if ("timestamp" in fields || "level" in fields || "msg" in fields) {
    return JSON.stringify({ timestamp, level, msg, ...fields });
  }
  const rest = JSON.stringify(fields);
  const head = `{"timestamp":"${timestamp}","level":"${level}","msg":${JSON.stringify(msg)}`;
  return rest === "{}" ? `${head}}` : `${head},${rest.slice(1)}`;
}
