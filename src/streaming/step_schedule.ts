/**
 * When each step of a fixed-mode stream is due, computed when asked from the plan's offsets:
 * a held stream keeps no array of due times of its own (8 bytes per token, 1,000s of streams).
 */
export interface StepSchedule {
  readonly steps: number;
  /** Absolute due time (clock ms) of step k, 0 <= k < steps. */
  dueAt(step: number): number;
}

/** The plan's offsets from `startMs`; steps from `stall.step` on are `stall.ms` later. */
export function plannedSchedule(
  offsetsMs: readonly number[],
  startMs: number,
  stall: { step: number; ms: number } | null = null,
): StepSchedule {
  const stallFrom = stall?.step ?? Infinity;
  const stallMs = stall?.ms ?? 0;
  return {
    steps: offsetsMs.length,
    dueAt: (step) => startMs + offsetsMs[step] + (step >= stallFrom ? stallMs : 0),
  };
}
