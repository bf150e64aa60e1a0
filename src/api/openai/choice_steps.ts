/**
 * The step layout of streamed chat and legacy completions: step k carries the k-th event of every
 * choice that has one, each choice's opening event before its first and its finish after its last.
 * Built apart from the route, so a stream holds only its plan and writer, not the request.
 */
import type { ChoicePlan, CompletionPlan } from "../../engine/plan.ts";
import type { StepRenderer } from "../../streaming/sse_session.ts";

/** A route's events for one choice, and the text after the last step. */
export interface ChoiceEvents {
  open(choice: ChoicePlan): string;
  event(choice: ChoicePlan, k: number): string;
  finish(choice: ChoicePlan): string;
  closing(): string;
}

export function choiceStepRenderer(
  plan: CompletionPlan,
  eventsOf: (choice: ChoicePlan) => number,
  events: ChoiceEvents,
): StepRenderer {
  const lengths = plan.choices.map(eventsOf);
  return {
    render(step) {
      let text = "";
      for (let i = 0; i < plan.choices.length; i++) {
        const choice = plan.choices[i];
        if (step === 0) text += events.open(choice);
        if (step < lengths[i]) text += events.event(choice, step);
        if (step === Math.max(0, lengths[i] - 1)) text += events.finish(choice);
      }
      return text;
    },
    closing: () => events.closing(),
  };
}
