/**
 * What `nonstream` and `stream` report, from the load_client.ts runs of every server (baseline,
 * FakeAI, each peer): FakeAI ÷ baseline (the target), then for every server its throughput and
 * server CPU per unit of work (a request, or a streamed token) as ratios to the baseline, FakeAI
 * against each peer, and what each peer really streamed. Pure.
 */
import { n, type Result } from "./common.ts";

export type Mode = "nonstream" | "stream";

export const unit = (mode: Mode) => (mode === "stream" ? "tok/s" : "req/s");
export const rate = (mode: Mode, r: Result) => (mode === "stream" ? r.tokensPerSec : r.perSec);
/** What server CPU is counted per: a request, or (streamed) a token. */
export const work = (mode: Mode) => (mode === "stream" ? "token" : "request");
export const cpuUs = (mode: Mode, r: Result) =>
  mode === "stream" ? r.serverCpuUsPerToken : r.serverCpuUsPerRequest;
/** The round with the highest throughput: the least disturbed by other processes. */
export const bestRun = (mode: Mode, runs: Result[]) =>
  runs.reduce((a, b) => (rate(mode, b) > rate(mode, a) ? b : a));

export interface Standing {
  rate: number;
  rateVsBaseline: number;
  /** Server CPU µs per request (nonstream) or per token (stream). */
  cpuUs: number;
  cpuVsBaseline: number;
}

/** Each server's best round against the baseline's best; `runs` must hold "baseline". */
export function standings(mode: Mode, runs: Record<string, Result[]>): Record<string, Standing> {
  const base = bestRun(mode, runs.baseline);
  return Object.fromEntries(
    Object.entries(runs).map(([label, rs]) => {
      const r = bestRun(mode, rs);
      return [label, {
        rate: rate(mode, r),
        rateVsBaseline: rate(mode, r) / rate(mode, base),
        cpuUs: cpuUs(mode, r),
        cpuVsBaseline: cpuUs(mode, r) / cpuUs(mode, base),
      }];
    }),
  );
}

/** FakeAI against one peer: how much more throughput, how many times less CPU per unit. */
export function versus(mode: Mode, peer: string, fakeai: Standing, other: Standing) {
  const rateRatio = fakeai.rate / other.rate;
  const cpuLess = other.cpuUs / fakeai.cpuUs;
  const cpu = cpuLess >= 1
    ? `${n(cpuLess, 2)}× less CPU per ${work(mode)}`
    : `${n(1 / cpuLess, 2)}× more CPU per ${work(mode)}`;
  return {
    rateRatio,
    cpuLess,
    line: `FakeAI vs ${peer}: ${n(rateRatio, 2)}× the ${unit(mode)}, ${cpu}`,
  };
}

/** What a server streamed over all its rounds: content chunks per stream, and how many streams
 * did not carry `tokens` of them and end with [DONE]. */
export function streamed(label: string, runs: Result[], tokens: number) {
  const sum = (f: (r: Result) => number) => runs.reduce((a, r) => a + (f(r) || 0), 0);
  const requests = sum((r) => r.requests);
  const chunksPerStream = sum((r) => r.tokens) / Math.max(1, requests);
  const incomplete = sum((r) => r.incomplete);
  const asAsked = requests > 0 && incomplete === 0;
  const line = asAsked
    ? `${label} streamed ${tokens} content chunks and [DONE] in every stream, as asked`
    : `${label}: ${n(incomplete, 0)} streams lacked ${tokens} content chunks or [DONE] ` +
      `(${n(chunksPerStream, 1)} chunks per measured stream); its tok/s counts only what it sent`;
  return { chunksPerStream, incomplete, asAsked, line };
}

export interface PeerInfo {
  name: string;
  pkg: string;
  version: string;
  answers: string;
}

/**
 * The JSON fields (the first three as before peers were added: other tooling reads them), the
 * comparison table, and the lines that follow it. `runs` holds "baseline", "fakeai" and every
 * peer that ran all its rounds.
 */
export function compareReport(
  mode: Mode,
  tokens: number,
  runs: Record<string, Result[]>,
  peers: PeerInfo[],
) {
  const [base, fake] = [bestRun(mode, runs.baseline), bestRun(mode, runs.fakeai)];
  const servers = standings(mode, runs);
  const head = ["server", unit(mode), "× baseline", `CPU µs/${work(mode)}`, "× baseline"];
  const rows = Object.entries(servers).map(([label, s]) => [
    label,
    n(s.rate, 0),
    n(s.rateVsBaseline, 2),
    n(s.cpuUs, mode === "stream" ? 2 : 1),
    n(s.cpuVsBaseline, 2),
  ]);
  const lines: string[] = [];
  const peerFields: Record<string, unknown> = {};
  for (const peer of peers.filter((p) => runs[p.name])) {
    const vs = versus(mode, peer.name, servers.fakeai, servers[peer.name]);
    const check = mode === "stream" ? streamed(peer.name, runs[peer.name], tokens) : undefined;
    if (check) lines.push(check.line);
    lines.push(vs.line);
    peerFields[peer.name] = {
      package: `${peer.pkg}@${peer.version}`,
      answers: peer.answers,
      runs: runs[peer.name],
      fakeaiRateRatio: vs.rateRatio,
      fakeaiCpuLess: vs.cpuLess,
      ...(check ? { chunksPerStream: check.chunksPerStream, streamedAsAsked: check.asAsked } : {}),
    };
  }
  const fields = {
    ratio: rate(mode, fake) / rate(mode, base),
    serverCpuPerRequestRatio: fake.serverCpuUsPerRequest / base.serverCpuUsPerRequest,
    runs: { baseline: runs.baseline, fakeai: runs.fakeai },
    servers,
    peers: peerFields,
  };
  return { fields, best: { baseline: base, fakeai: fake }, head, rows, lines };
}
