/**
 * Timestamps as SQLite's datetime() writes them ('YYYY-MM-DD HH:MM:SS', UTC), so maintenance SQL
 * such as `timestamp < datetime('now', '-90 days')` compares them correctly as text.
 */

export function toSqliteTime(wallMs: number): string {
  return new Date(Math.floor(wallMs / 1000) * 1000).toISOString().slice(0, 19).replace("T", " ");
}

/** Unix seconds of a stored timestamp. */
export function sqliteTimeToUnix(text: string): number {
  return Math.floor(Date.parse(`${text.replace(" ", "T")}Z`) / 1000);
}

/** 9999-12-31 23:59:59 UTC: the last time the text format can hold. */
const LAST_MS = 253_402_300_799_000;
const UNIX_SECONDS = /^\d{1,12}(\.\d+)?$/;
const ISO_8601 =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A query time: unix seconds ("1700000000") or ISO 8601 ("2025-10-05", "2025-10-05T12:00:00Z",
 * "2025-10-05 12:00:00"); without an offset it means UTC. Null when it is neither.
 */
export function parseQueryTime(raw: string): number | null {
  const text = raw.trim();
  if (UNIX_SECONDS.test(text)) {
    const ms = Number(text) * 1000;
    return ms <= LAST_MS ? ms : null;
  }
  const m = ISO_8601.exec(text);
  if (!m || !isCalendarDate(m[1])) return null;
  const zone = m[3] ? (m[3].toUpperCase() === "Z" ? "Z" : normalizeOffset(m[3])) : "Z";
  const ms = Date.parse(`${m[1]}T${m[2] ?? "00:00:00"}${zone}`);
  return Number.isFinite(ms) ? ms : null;
}

function isCalendarDate(date: string): boolean {
  const [y, mo, d] = date.split("-").map(Number);
  const back = new Date(Date.UTC(y, mo - 1, d));
  return back.getUTCMonth() === mo - 1 && back.getUTCDate() === d;
}

function normalizeOffset(offset: string): string {
  return offset.includes(":") ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
}
