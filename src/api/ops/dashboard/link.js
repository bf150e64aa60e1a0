// The dashboard's connection to the server: the API key (asked for when the server wants one,
// kept in sessionStorage), the server facts (/dashboard/info) and the live metrics WebSocket,
// reopened with backoff when it drops (e.g. the server restarted).

const KEY_ITEM = "fakeai.dashboard.key";
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000];
const METRICS_PROTOCOL = "fakeai.metrics";
const KEY_PROTOCOL_PREFIX = "fakeai.key.";

/** base64url without padding, the form a Sec-WebSocket-Protocol entry can carry. */
function base64Url(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/**
 * Connects and keeps connected. Handlers: onInfo(info), onFrame(frame), onStatus(state, text),
 * askKey(message) → Promise<string> (the key the user typed).
 */
export function connect(handlers) {
  let attempt = 0;
  let socket = null;

  const key = () => sessionStorage.getItem(KEY_ITEM);

  async function start() {
    handlers.onStatus("connecting", "connecting");
    let res;
    try {
      const k = key();
      res = await fetch("/dashboard/info", {
        headers: k ? { authorization: `Bearer ${k}` } : {},
        cache: "no-store",
      });
    } catch {
      return retry();
    }
    if (res.status === 401) {
      const had = key() !== null;
      sessionStorage.removeItem(KEY_ITEM);
      handlers.onStatus("error", had ? "key refused" : "key needed");
      const typed = await handlers.askKey(
        had ? "The server refused that key. Enter another." : "",
      );
      sessionStorage.setItem(KEY_ITEM, typed);
      return start();
    }
    if (!res.ok) return retry();
    handlers.onInfo(await res.json());
    open();
  }

  function open() {
    const url = new URL("/metrics/streaming", location.href);
    url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
    const k = key();
    const protocols = k ? [METRICS_PROTOCOL, KEY_PROTOCOL_PREFIX + base64Url(k)] : [
      METRICS_PROTOCOL,
    ];
    socket = new WebSocket(url, protocols);
    socket.onopen = () => {
      attempt = 0;
      handlers.onStatus("live", "live");
      socket.send(JSON.stringify({ type: "subscribe", interval_ms: 1000 }));
    };
    socket.onmessage = (e) => {
      const msg = JSON.parse(e.data);
      if (msg.type === "metrics") handlers.onFrame(msg);
    };
    socket.onclose = () => {
      socket = null;
      retry();
    };
  }

  function retry() {
    const wait = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
    attempt++;
    handlers.onStatus("waiting", `reconnecting in ${Math.round(wait / 100) / 10} s`);
    // The facts are fetched again: a restarted server may have a new configuration, or keys.
    setTimeout(start, wait);
  }

  start();
}
