/**
 * When each step of a fixed-mode stream is due, computed when asked from the plan's offsets:
 * a held stream keeps no array of due times of its own (8 bytes per token, 1,000s of streams).
 */
import type { StepOffsets } from "../engine/latency.ts";

export interface StepSchedule {
  readonly steps: number;
  /** Absolute due time (clock ms) of step k, 0 <= k < steps; cheapest in increasing order. */
  dueAt(step: number): number;
  /**
   * Upper bounds of the first due time, the last, and the largest gap between two steps: what
   * the streaming limits check before walking the steps one by one.
   */
  readonly bounds: { first: number; last: number; largestGap: number };
}

/** The plan's offsets from `startMs`; steps from `stall.step` on are `stall.ms` later. */
export function plannedSchedule(
  offsets: StepOffsets,
  startMs: number,
  stall: { step: number; ms: number } | null = null,
): StepSchedule {
  const stallFrom = stall?.step ?? Infinity;
  const stallMs = stall?.ms ?? 0;
  return {
    steps: offsets.length,
    dueAt: (step) => startMs + offsets.at(step) + (step >= stallFrom ? stallMs : 0),
    bounds: {
      first: startMs + offsets.first + stallMs,
      last: startMs + offsets.last + stallMs,
      largestGap: offsets.largestGap + stallMs,
    },
  };
}
