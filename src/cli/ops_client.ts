/**
 * HTTP client of the operations commands (healthcheck, status, metrics, admin): where the server
 * is, and one request with a short timeout whose failures become one readable line.
 */
import { loadConfig } from "../config/load.ts";
import type { CliIo } from "./io.ts";

export interface OpsTarget {
  /** Origin without a trailing slash, e.g. http://127.0.0.1:8000 */
  origin: string;
  headers: Record<string, string>;
  /** PEM certificates to trust (the server's own, when it serves TLS itself). */
  caCerts?: string[];
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export type RequestResult =
  | { ok: true; status: number; body: string; url: string }
  | { ok: false; error: string; url: string };

/**
 * --url when given (a base URL; a path such as /health on it is ignored), otherwise the configured
 * port (FAKEAI_PORT, config file) on loopback — or on FAKEAI_HOST when that names one address.
 */
export function resolveTarget(io: CliIo, url: string | undefined): OpsTarget | { error: string } {
  // Invalid values elsewhere do not matter here: the port keeps its last valid value.
  const { config } = loadConfig({ env: io.env, flags: [], cwd: io.cwd });
  // /health and /metrics* are open routes even when keys are required: no key is sent.
  const headers: Record<string, string> = { accept: "application/json, text/plain" };
  if (url !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { error: `--url: not a URL: "${url}"` };
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      return { error: `--url: expected an http:// or https:// URL, got "${url}"` };
    }
    return { origin: parsed.origin, headers };
  }
  if (config.tlsCert) {
    // The server serves HTTPS itself: trust its own certificate (it must name this host).
    let cert: string;
    try {
      cert = Deno.readTextFileSync(config.tlsCert);
    } catch (err) {
      return { error: `cannot read FAKEAI_TLS_CERT ${config.tlsCert}: ${(err as Error).message}` };
    }
    return {
      origin: `https://${connectHost(config.host)}:${config.port}`,
      headers,
      caCerts: [cert],
    };
  }
  return { origin: `http://${connectHost(config.host)}:${config.port}`, headers };
}

/** A wildcard bind address is reached on loopback. */
function connectHost(host: string): string {
  if (host === "" || host === "0.0.0.0") return "127.0.0.1";
  if (host === "::" || host === "[::]") return "[::1]";
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

export function get(
  target: OpsTarget,
  path: string,
  timeoutSeconds: number,
  fetchImpl: Fetch = fetch,
): Promise<RequestResult> {
  return send(target, "GET", path, timeoutSeconds, fetchImpl);
}

/** A POST without a body (the admin actions take none). */
export function post(
  target: OpsTarget,
  path: string,
  timeoutSeconds: number,
  fetchImpl: Fetch = fetch,
): Promise<RequestResult> {
  return send(target, "POST", path, timeoutSeconds, fetchImpl);
}

async function send(
  target: OpsTarget,
  method: "GET" | "POST",
  path: string,
  timeoutSeconds: number,
  fetchImpl: Fetch,
): Promise<RequestResult> {
  const url = target.origin + path;
  const client = target.caCerts ? Deno.createHttpClient({ caCerts: target.caCerts }) : undefined;
  try {
    const res = await fetchImpl(url, {
      method,
      headers: target.headers,
      signal: AbortSignal.timeout(timeoutSeconds * 1000),
      ...(client ? { client } : {}),
    } as RequestInit);
    return { ok: true, status: res.status, body: await res.text(), url };
  } catch (err) {
    return { ok: false, error: describeFetchError(err, timeoutSeconds), url };
  } finally {
    client?.close();
  }
}

export function describeFetchError(err: unknown, timeoutSeconds: number): string {
  if (err instanceof DOMException && (err.name === "TimeoutError" || err.name === "AbortError")) {
    return `no answer within ${timeoutSeconds} s`;
  }
  // Deno's fetch says "fetch failed"; the reason is in the cause.
  const cause = err instanceof Error ? err.cause : undefined;
  const message = [err, cause]
    .filter((e) => e !== undefined)
    .map((e) => e instanceof Error ? e.message : String(e))
    .join(": ");
  if (/connection refused/i.test(message)) return "connection refused";
  if (/dns error|failed to lookup|name or service not known/i.test(message)) {
    return "host not found";
  }
  if (/connection reset/i.test(message)) return "connection reset";
  // Deno's messages end with "(os error N)" and carry the whole URL: keep the cause only.
  const last = message.split(": ").pop() ?? message;
  return last.replace(/\s*\(os error \d+\)\s*$/, "").trim() || message;
}

/** The first line of an error body (OpenAI envelope message when there is one). */
export function errorSummary(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body);
    const message = parsed?.error?.message ?? parsed?.status;
    if (typeof message === "string") return `HTTP ${status}: ${message}`;
  } catch {
    // not JSON
  }
  const first = body.split("\n")[0].slice(0, 200);
  return first ? `HTTP ${status}: ${first}` : `HTTP ${status}`;
}
