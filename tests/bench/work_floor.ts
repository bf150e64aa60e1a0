/**
 * `work_floor`: what a server that does N µs of its own work per request costs at the socket. The
 * baseline answers the `nonstream` load (16 tokens, 32 connections) and the `stream` load (64
 * tokens) after a busy loop of N µs (`--work-us`), for N = 0, 20, 40 and 80, with FakeAI in the
 * same rounds (best round of each).
 * A slower server costs more per request than its own work adds (the idle client must be woken
 * for each answer, fewer answers share a wake-up), so this curve is the floor under any server
 * of a given cost. It gives FakeAI's place on it (the work it would take the baseline to cost as
 * much) and the work a server may do and still meet the CPU targets (1.6× and 2× the baseline's).
 */
import { BASELINE, FAKEAI_MAIN } from "./procs.ts";
import { closedLoop } from "./closed_loop.ts";
import { type Mode, rate, unit } from "./compare_report.ts";
import {
  type BenchContext,
  type Benchmark,
  fakeai,
  FAST,
  n,
  type Result,
  table,
  withServer,
} from "./common.ts";

const WORK_US = [0, 20, 40, 80];

/** x where the piecewise-linear curve through `points` (x ascending, y rising) reaches `y`. */
export function workFor(points: readonly { x: number; y: number }[], y: number): number | null {
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    if (y >= a.y && y <= b.y && b.y > a.y) return a.x + ((y - a.y) / (b.y - a.y)) * (b.x - a.x);
  }
  return null;
}

const MODES: Array<{ mode: Mode; tokens: number }> = [
  { mode: "nonstream", tokens: 16 },
  { mode: "stream", tokens: 64 },
];

async function workFloor(ctx: BenchContext) {
  const results: Record<string, unknown> = {};
  for (const { mode, tokens } of MODES) results[mode] = await curve(ctx, mode, tokens);
  return results;
}

/** One load's curve: the baseline at each amount of work, FakeAI, in rounds (best round counts). */
async function curve(ctx: BenchContext, mode: Mode, tokens: number) {
  const { rounds, load: loadOf } = closedLoop(ctx);
  const load = loadOf(mode, tokens);
  const best: Record<string, Result> = {};
  const keep = (label: string, r: Result) => {
    console.log(
      `  ${mode} ${label}: ${n(rate(mode, r), 0)} ${unit(mode)}, ` +
        `server CPU ${n(r.serverCpuUsPerRequest, 1)} µs/req, errors ${r.errors}`,
    );
    if (!best[label] || r.perSec > best[label].perSec) best[label] = r;
  };
  for (let round = 1; round <= rounds; round++) {
    for (const us of WORK_US) {
      const args = us > 0 ? ["--work-us", String(us)] : [];
      keep(`baseline +${us} µs`, await withServer(`baseline-w${us}`, BASELINE, args, load));
    }
    keep("fakeai", await withServer("fakeai", FAKEAI_MAIN, fakeai(FAST), load));
  }
  const floor = best["baseline +0 µs"].serverCpuUsPerRequest;
  const points = WORK_US.map((us) => ({
    x: us,
    y: best[`baseline +${us} µs`].serverCpuUsPerRequest,
  }));
  table(
    [`${mode}, ${tokens} tokens`, unit(mode), "CPU µs/req", "CPU − its work", "× baseline +0"],
    Object.entries(best).map(([label, r]) => {
      const us = WORK_US.find((w) => label === `baseline +${w} µs`) ?? 0;
      return [
        label,
        n(rate(mode, r), 0),
        n(r.serverCpuUsPerRequest, 1),
        n(r.serverCpuUsPerRequest - us, 1),
        n(r.serverCpuUsPerRequest / floor, 2),
      ];
    }),
  );
  const fakeaiAsWork = workFor(points, best.fakeai.serverCpuUsPerRequest);
  const budget = (ratio: number) => workFor(points, floor * ratio);
  const shown = (us: number | null) => us === null ? "off the measured curve" : `${n(us, 0)} µs`;
  console.log(
    `  ${mode}: FakeAI costs what the baseline costs with ${shown(fakeaiAsWork)} of work per ` +
      `request; work within 1.6× the baseline's CPU: ${shown(budget(1.6))}, within 2×: ` +
      shown(budget(2)),
  );
  return { best, fakeaiAsWorkUs: fakeaiAsWork, workBudgetUs: { x1_6: budget(1.6), x2: budget(2) } };
}

export const WORK_FLOOR_BENCHMARKS: Record<string, Benchmark> = {
  work_floor: {
    title:
      "The baseline with 0/20/40/80 µs of busy work per request, and FakeAI: nonstream, stream",
    run: workFloor,
  },
};
