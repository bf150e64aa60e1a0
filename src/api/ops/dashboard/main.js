// The dashboard page: wires the connection (link.js) to the series store (series.js) and the
// charts (charts.js), and runs the header strip and the controls (pause, window, theme).
import { connect } from "./link.js";
import { PANELS } from "./panels.js";
import { SeriesStore } from "./series.js";
import { Chart } from "./charts.js";

const THEME_ITEM = "fakeai.dashboard.theme";
const $ = (id) => document.getElementById(id);

const state = { info: null, paused: false, windowSeconds: 300, rebuild: false };
const store = new SeriesStore(PANELS);
const charts = PANELS.map((p) => new Chart(p, $("charts")));

function setFact(name, text) {
  document.querySelector(`[data-fact="${name}"]`).textContent = text;
}

function formatUptime(s) {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.floor(s % 60);
  return h > 0 ? `${h}h ${m}m ${sec}s` : m > 0 ? `${m}m ${sec}s` : `${sec}s`;
}

function showInfo(info) {
  state.info = info;
  setFact("version", info.version);
  setFact("targets", `${info.ttft_ms} ms / ${info.itl_ms} ms (${info.latency_mode})`);
  const shown = info.models.slice(0, 4).join(", ");
  const more = info.models.length > 4 ? ` +${info.models.length - 4} more` : "";
  setFact("models", shown + more || "–");
  document.querySelector('[data-fact="models"]').title = info.models.join("\n");
  setFact("workers", String(info.workers));
  setFact("features", info.features.join(", ") || "none");
  const tier = info.rate_limit ? `tier ${info.rate_limit.tier}` : "off";
  charts.find((c) => c.panel.id === "rate_limit").setTitle(
    `Rate limiting (${tier}): admitted vs 429`,
  );
}

function redraw() {
  for (const chart of charts) chart.update(store, state.windowSeconds, state.rebuild);
  state.rebuild = false;
}

function onFrame(frame) {
  store.ingest(frame, state.info);
  document.body.dataset.frames = String(Number(document.body.dataset.frames ?? 0) + 1);
  if (state.paused) return;
  setFact("uptime", formatUptime(frame.uptime_seconds));
  setFact("requests-total", String(frame.requests_total));
  setFact("errors-total", String(frame.errors_total));
  redraw();
}

function onStatus(kind, text) {
  const el = $("status");
  el.dataset.state = kind;
  el.textContent = state.paused && kind === "live" ? "paused" : text;
}

function askKey(message) {
  const dialog = $("key-dialog");
  const error = $("key-error");
  error.textContent = message;
  error.hidden = message === "";
  $("key-input").value = "";
  dialog.showModal();
  return new Promise((resolve) => {
    $("key-form").onsubmit = (e) => {
      e.preventDefault();
      const key = $("key-input").value.trim();
      if (key === "") return;
      dialog.close();
      resolve(key);
    };
  });
}

function applyTheme(theme) {
  if (theme) document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
  state.rebuild = true;
  redraw();
}

$("pause").onclick = () => {
  state.paused = !state.paused;
  $("pause").textContent = state.paused ? "Resume" : "Pause";
  $("pause").setAttribute("aria-pressed", String(state.paused));
  onStatus($("status").dataset.state, state.paused ? "paused" : "live");
  if (!state.paused) redraw();
};
$("window").onchange = (e) => {
  state.windowSeconds = Number(e.target.value);
  redraw();
};
$("theme").onclick = () => {
  const dark = getComputedStyle(document.documentElement).getPropertyValue("--bg").trim() ===
    "#111318";
  const next = dark ? "light" : "dark";
  localStorage.setItem(THEME_ITEM, next);
  applyTheme(next);
};

const savedTheme = localStorage.getItem(THEME_ITEM);
if (savedTheme) applyTheme(savedTheme);

// uPlot's script is deferred; modules run after deferred scripts, so it is loaded here.
connect({ onInfo: showInfo, onFrame, onStatus, askKey });
