/** Cuts generated pieces before the first stop sequence (the stop text itself is not returned). */

export interface StopCut {
  pieces: string[];
  stopped: boolean;
  /** The stop sequence that cut the text (when stopped). */
  sequence?: string;
}

/**
 * The cut is made at a piece boundary: the piece in which the stop sequence starts is dropped
 * with everything after it, so the kept text never contains the stop sequence and still
 * re-tokenizes to exactly the kept piece count.
 */
export function applyStops(pieces: string[], stops: readonly string[]): StopCut {
  const active = stops.filter((s) => s.length > 0);
  if (active.length === 0) return { pieces, stopped: false };
  const text = pieces.join("");
  let first = -1;
  let matched = "";
  for (const stop of active) {
    const at = text.indexOf(stop);
    if (at !== -1 && (first === -1 || at < first)) {
      first = at;
      matched = stop;
    }
  }
  if (first === -1) return { pieces, stopped: false };
  let offset = 0;
  for (let i = 0; i < pieces.length; i++) {
    if (offset + pieces[i].length > first) {
      return { pieces: pieces.slice(0, i), stopped: true, sequence: matched };
    }
    offset += pieces[i].length;
  }
  return { pieces, stopped: false };
}
