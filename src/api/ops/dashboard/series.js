// Turns live frames into chart columns: one time axis (seconds) shared by every panel, and per
// panel one column per series key. Rates come from consecutive frames' cumulative counters, as
// Prometheus' rate() does; a counter that went down (the server restarted) gives no point.

/** 15 minutes at one frame per second: the longest window the page offers. */
export const MAX_POINTS = 900;

export class SeriesStore {
  constructor(panels) {
    this.panels = panels;
    this.times = [];
    this.prev = null;
    /** panel id → Map(series key → values aligned with times) */
    this.columns = new Map(panels.map((p) => [p.id, new Map()]));
    /** panel id → points with at least one value */
    this.points = new Map(panels.map((p) => [p.id, 0]));
    /** panel id → the message shown instead of its chart (the latest frame's), or null */
    this.notes = new Map(panels.map((p) => [p.id, null]));
  }

  ingest(frame, info) {
    const t = Date.parse(frame.timestamp) / 1000;
    const prev = this.prev && t > this.prev.t ? this.prev : null;
    const ctx = {
      frame,
      info,
      rate: (get) => {
        if (!prev) return null;
        const now = get(frame);
        const before = get(prev.frame);
        if (now === undefined || now === null) return null;
        const delta = now - (before ?? 0);
        return delta < 0 ? null : delta / (t - prev.t);
      },
      ratio: (getPart, getWhole) => {
        if (!prev) return null;
        const whole = getWhole(frame) - getWhole(prev.frame);
        const part = getPart(frame) - getPart(prev.frame);
        return whole > 0 && part >= 0 ? part / whole : null;
      },
    };
    this.times.push(t);
    const n = this.times.length;
    for (const panel of this.panels) {
      const cols = this.columns.get(panel.id);
      const values = panel.extract(ctx);
      this.notes.set(panel.id, panel.note?.(ctx) ?? null);
      let any = false;
      for (const [k, v] of Object.entries(values)) {
        let col = cols.get(k);
        if (!col) cols.set(k, col = new Array(n - 1).fill(null));
        col.push(v);
        if (v !== null && v !== undefined) any = true;
      }
      for (const [k, col] of cols) if (!(k in values)) col.push(null);
      if (any) this.points.set(panel.id, this.points.get(panel.id) + 1);
    }
    if (n > MAX_POINTS) {
      const drop = n - MAX_POINTS;
      this.times.splice(0, drop);
      for (const cols of this.columns.values()) {
        for (const col of cols.values()) col.splice(0, drop);
      }
    }
    this.prev = { t, frame };
  }

  /** The latest value of each series of a panel. */
  latest(panelId) {
    const out = [];
    for (const [k, col] of this.columns.get(panelId)) out.push([k, col[col.length - 1]]);
    return out;
  }
}
