// One uPlot chart per panel, inside a <figure> with a caption, an accessible label, and the
// current values as text. The chart is rebuilt when its set of series changes (a new model or
// endpoint appears) or the theme changes; otherwise only its data and x range move. A panel's
// note (e.g. the feature it needs is off) replaces the values and hides the plot.

const PALETTE = [
  "#2563eb",
  "#16a34a",
  "#dc2626",
  "#d97706",
  "#7c3aed",
  "#0891b2",
  "#db2777",
  "#65a30d",
  "#9333ea",
  "#ea580c",
];
const HEIGHT = 150;

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function format(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  const abs = Math.abs(v);
  if (abs >= 100) return String(Math.round(v));
  if (abs >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

export class Chart {
  constructor(panel, parent) {
    this.panel = panel;
    this.keys = [];
    this.plot = null;
    this.figure = document.createElement("figure");
    this.figure.dataset.chart = panel.id;
    this.figure.dataset.points = "0";
    this.figure.setAttribute("role", "group");
    this.caption = document.createElement("figcaption");
    this.caption.id = `cap-${panel.id}`;
    this.figure.setAttribute("aria-labelledby", this.caption.id);
    this.now = document.createElement("p");
    this.now.className = "now";
    this.now.setAttribute("aria-live", "off");
    this.area = document.createElement("div");
    this.area.className = "plot";
    this.area.setAttribute("role", "img");
    this.figure.append(this.caption, this.now, this.area);
    parent.append(this.figure);
    this.setTitle(panel.title);
    new ResizeObserver(() => this.plot?.setSize(this.size())).observe(this.area);
  }

  setTitle(title) {
    const unit = this.panel.unit ? ` (${this.panel.unit})` : "";
    this.caption.textContent = title + unit;
    this.area.setAttribute("aria-label", `Chart over time: ${title}${unit}`);
  }

  size() {
    return { width: Math.max(200, this.area.clientWidth), height: HEIGHT };
  }

  /** Draws the store's columns for this panel over the last `windowSeconds`. */
  update(store, windowSeconds, rebuild) {
    const cols = store.columns.get(this.panel.id);
    const keys = [...cols.keys()];
    this.figure.dataset.points = String(store.points.get(this.panel.id));
    const note = store.notes.get(this.panel.id);
    this.area.hidden = note !== null;
    if (note !== null) return this.renderNote(note);
    this.renderNow(store.latest(this.panel.id), keys);
    if (store.times.length === 0) return;
    if (rebuild || !this.plot || keys.join("\n") !== this.keys.join("\n")) this.build(keys);
    const data = [store.times, ...keys.map((k) => cols.get(k))];
    this.plot.setData(data, false);
    const max = store.times[store.times.length - 1];
    this.plot.setScale("x", { min: max - windowSeconds, max });
  }

  /** The current values as text, each in its line's colour (the charts have no legend). */
  renderNow(latest, keys) {
    const colours = this.colours(keys);
    const parts = latest.map(([k, v]) => {
      const span = document.createElement("span");
      span.style.color = colours.get(k);
      span.dataset.key = k;
      span.dataset.value = v === null || v === undefined ? "" : String(v);
      const b = document.createElement("b");
      b.textContent = format(v);
      span.append(b, ` ${k}`);
      return span;
    });
    if (parts.length === 0) {
      const span = document.createElement("span");
      span.className = "empty";
      span.textContent = "no data yet";
      parts.push(span);
    }
    this.now.replaceChildren(...parts);
  }

  renderNote(note) {
    const span = document.createElement("span");
    span.className = "empty note";
    span.textContent = note;
    this.now.replaceChildren(span);
  }

  /** Series key → line colour: the palette in order, reference lines in the muted text colour. */
  colours(keys) {
    const reference = new Set(this.panel.reference ?? []);
    let next = 0;
    return new Map(
      keys.map((k) => [k, reference.has(k) ? cssVar("--muted") : PALETTE[next++ % PALETTE.length]]),
    );
  }

  build(keys) {
    this.plot?.destroy();
    this.keys = keys;
    const fg = cssVar("--muted");
    const grid = cssVar("--grid");
    const reference = new Set(this.panel.reference ?? []);
    const colours = this.colours(keys);
    const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
    this.plot = new uPlot(
      {
        ...this.size(),
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: {
          x: { time: true },
          y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] },
        },
        axes: [axis, { ...axis, size: 50 }],
        series: [
          {},
          ...keys.map((k) => ({
            label: k,
            stroke: colours.get(k),
            width: reference.has(k) ? 1 : 1.5,
            dash: reference.has(k) ? [6, 4] : undefined,
            spanGaps: false,
            points: { show: false },
            value: (_u, v) => format(v),
          })),
        ],
      },
      [[], ...keys.map(() => [])],
      this.area,
    );
  }
}
