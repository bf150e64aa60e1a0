/** FAKEAI_CONTEXT_WINDOWS items: "model=tokens" (the model id may itself contain "=" or "/"). */

export const MAX_CONTEXT_WINDOW = 100_000_000;

export function contextWindowPair(item: string): string | null {
  const eq = item.lastIndexOf("=");
  const tokens = Number(item.slice(eq + 1).trim());
  if (eq <= 0 || !Number.isInteger(tokens) || tokens < 1 || tokens > MAX_CONTEXT_WINDOW) {
    return `expected model=tokens with tokens an integer 1..${MAX_CONTEXT_WINDOW}, got "${item}"`;
  }
  return null;
}
