/** Which models reason, and how many reasoning tokens an answer gets. */

export type ReasoningEffort = "none" | "minimal" | "low" | "medium" | "high";

const EFFORT_FACTOR: Record<ReasoningEffort, number> = {
  none: 0,
  minimal: 0.1,
  low: 0.5,
  medium: 1,
  high: 2,
};

export function compilePatterns(patterns: readonly string[]): RegExp[] {
  return patterns.map((p) =>
    new RegExp(
      "^" + p.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$",
      "i",
    )
  );
}

export function matchesAny(patterns: readonly RegExp[], model: string): boolean {
  return patterns.some((re) => re.test(model));
}

/** Reasoning tokens per answer token for this effort. */
export function reasoningRatio(
  baseRatio: number,
  effort: ReasoningEffort | null | undefined,
): number {
  return baseRatio * EFFORT_FACTOR[effort ?? "medium"];
}
