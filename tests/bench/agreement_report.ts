/**
 * What `ledger_agreement` judges, from a client export compared with the timing ledger
 * (timing_compare.ts): the two targets on the offsets (client minus ledger), the measured
 * streams' own lateness and arrival spread read from their ledger records, and the comparison
 * rounded for the JSON summary. Pure; the src types are imported as types only.
 */
import type { TimingComparison } from "../../src/timing/timing_compare.ts";
import type { TimingRecordJson } from "../../src/timing/timing_json.ts";

export interface AgreementTarget {
  name: string;
  value: number;
  target: string;
  pass: boolean;
}

const offsetP50 = (report: TimingComparison, metric: string) =>
  report.metrics.find((m) => m.metric === metric)?.offset.p50 ?? NaN;

/** ITL offset p50 within ±1 ms; TTFT offset p50 ≤ 5 ms (a client on the same machine). `label`
 * names the round. */
export function agreementTargets(report: TimingComparison, label: string): AgreementTarget[] {
  const itl = offsetP50(report, "itl_ms");
  const ttft = offsetP50(report, "ttft_ms");
  const name = (metric: string) => `${metric} offset p50 ms, client − ledger (${label})`;
  return [
    { name: name("ITL"), value: itl, target: "±1", pass: Math.abs(itl) <= 1 },
    { name: name("TTFT"), value: ttft, target: "<= 5", pass: ttft <= 5 },
  ];
}

/** The ledger records whose request id is `<prefix>-<n>`: how many, every sent − due of their
 * steps, and the spread of their arrivals (last − first `arrived_ms`). */
export function measuredStreams(ledgerLines: string, prefix: string) {
  const lateness: number[] = [];
  const arrivals: number[] = [];
  for (const line of ledgerLines.split("\n")) {
    if (line.trim() === "") continue;
    const r = JSON.parse(line) as TimingRecordJson;
    if (!r.request_id.startsWith(`${prefix}-`)) continue;
    arrivals.push(r.arrived_ms);
    r.sent_ms.forEach((sent, k) => {
      const due = r.due_ms[k];
      if (sent !== null && due !== null) lateness.push(sent - due);
    });
  }
  const arrivalSpreadMs = arrivals.length > 0 ? Math.max(...arrivals) - Math.min(...arrivals) : NaN;
  return { records: arrivals.length, lateness, arrivalSpreadMs };
}

const us = (ms: number) => Math.round(ms * 1000) / 1000;
const roundAll = (d: object) =>
  Object.fromEntries(Object.entries(d).map(([k, v]) => [k, us(v as number)]));

/** The comparison with every figure rounded to the microsecond, metrics keyed by name. */
export function roundedComparison(report: TimingComparison) {
  const { metrics, ...counts } = report;
  return {
    ...counts,
    metrics: Object.fromEntries(metrics.map((m) => [m.metric, {
      client: roundAll(m.client),
      server: roundAll(m.server),
      offset: roundAll(m.offset),
    }])),
  };
}
